/** The words of an upload's own errors (the server's are its own): [中文, English]. */
import { defineMessages } from '../catalogue';

export const messages = defineMessages({
  network: ['无法连接服务器', 'cannot reach the server'],
  aborted: ['已取消上传', 'upload cancelled'],
});
