// Lets plain Node load the built main process: `electron` resolves to the stub beside this file.
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url));
