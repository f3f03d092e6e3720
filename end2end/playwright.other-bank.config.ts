import { defineConfig } from '@playwright/test';
import path from 'node:path';
import base from './playwright.config';

// The same browser and server settings, with the server (and the operator commands the tests
// run, such as customer add) reading another bank's configuration, other-bank/bank.toml:
// `npx playwright test -c playwright.other-bank.config.ts`.
process.env.OTP_PORTAL_CONFIG = path.join(__dirname, 'other-bank', 'bank.toml');

export default defineConfig({ ...base, testDir: './other-bank' });
