/** The words of the login page: [中文, English]. */
import { defineMessages } from '../../catalogue';

export const messages = defineMessages({
  title: ['登录', 'Log in'],
  throttled: ['登录尝试过多，请 {n} 秒后再试。', 'Too many login attempts: try again in {n} s.'],
  again: ['可以再试一次了。', 'You may try again now.'],
  wrong: ['用户名或密码不正确。', 'Wrong user name or password.'],
  username: ['用户名', 'User name'],
  usernameMissing: ['请输入用户名', 'Enter your user name'],
  password: ['密码', 'Password'],
  passwordMissing: ['请输入密码', 'Enter your password'],
  submit: ['登录', 'Log in'],
  whomToAsk: [
    '没有账号或忘了密码？请联系市经信局的系统管理员。演示环境的账号由安装它的人提供。',
    'No account, or forgot the password? Ask the system administrator at the city’s economy bureau. On a demo installation, whoever installed it has the accounts.',
  ],
});
