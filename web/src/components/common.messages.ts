/** The punctuation of the shared pieces (components/common.tsx) in each language: [中文, English]. */
import { defineMessages } from '../catalogue';

export const messages = defineMessages({
  colon: ['：', ': '],
  semicolon: ['；', '; '],
});
