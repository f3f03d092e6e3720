/** Where the test server and its database are (scripts/test.sh sets these; defaults otherwise). */
export const PORT = process.env.E2E_PORT ?? '18080';
export const DATABASE = process.env.E2E_DATABASE ?? '/tmp/otp-portal-e2e.sqlite3';
export const SERVER = process.env.E2E_SERVER ?? '../target/debug/otp-server';
/** The key file of the token secrets, when the database is PostgreSQL (the balanced run). */
export const KEY_FILE = process.env.E2E_KEY_FILE;
/** Servers already running behind a load balancer at this URL (scripts/test.sh's balanced
 *  run): Playwright then starts none of its own. */
export const BASE_URL = process.env.E2E_BASE_URL;
