/** Where the test server and its database are (scripts/test.sh sets these; defaults otherwise). */
export const PORT = process.env.E2E_PORT ?? '18080';
export const DATABASE = process.env.E2E_DATABASE ?? '/tmp/otp-portal-e2e.sqlite3';
export const SERVER = process.env.E2E_SERVER ?? '../target/debug/otp-server';
