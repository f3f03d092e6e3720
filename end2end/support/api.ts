import { type APIRequestContext, expect } from '@playwright/test';
import { Token, base32Decode } from './totp';

/** Installs a token as the bank's token app would: POST /api/v1/demo/tokens. */
export async function installToken(request: APIRequestContext): Promise<Token> {
  const response = await request.post('/api/v1/demo/tokens', { data: {} });
  expect(response.status()).toBe(201);
  const body = await response.json();
  return new Token(body.serial, base32Decode(body.secret), body.period, body.digits);
}

/** A customer of one's own per test, so tests never share lockout or token state. */
let next = 0;
export function uniqueContractId(): string {
  next += 1;
  return String(2000000000 + ((Date.now() % 100000) * 100 + next) % 1000000000).slice(0, 10);
}
