import { execFileSync } from 'node:child_process';
import { DATABASE, KEY_FILE, SERVER } from './env';

export interface Customer {
  contractId: string;
  password: string;
  name: string;
}

/** A customer of the test's own, added with the operator command while the server runs, so
 *  tests never share a lockout counter or a token. */
export function createCustomer(name = '試験 花子', digits = 10): Customer {
  const contractId = String(3 * 10 ** (digits - 1) + Math.floor(Math.random() * (10 ** (digits - 1) - 1)));
  const password = 'pass' + Math.floor(Math.random() * 9000 + 1000);
  const key = KEY_FILE ? ['--key-file', KEY_FILE] : [];
  execFileSync(SERVER, ['customer', 'add', '--contract-id', contractId, '--name', name, '--database', DATABASE, ...key], {
    input: password + '\n',
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  return { contractId, password, name };
}
