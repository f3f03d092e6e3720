import { createHmac } from 'node:crypto';

/** Decodes RFC 4648 base32 (no padding needed). */
export function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP of `step`, computed here independently of the app's Rust code. */
export function totpAtStep(secret: Buffer, step: number, digits = 6, algorithm = 'sha1'): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac(algorithm, secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 10 ** digits).padStart(digits, '0');
}

/** A token as the demo endpoint provisions it, with a memory of the steps already used. */
export class Token {
  private last = -1;
  constructor(
    readonly serial: string,
    readonly secret: Buffer,
    readonly period = 30,
    readonly digits = 6,
  ) {}

  /** A code the server has not seen yet. The server accepts one step either side of its now;
   *  the current and the next step stay acceptable even if the period turns over before the
   *  request arrives (the previous one would not), so only those two are used. */
  async fresh(): Promise<string> {
    for (;;) {
      const now = Math.floor(Date.now() / 1000 / this.period);
      const step = Math.max(now, this.last + 1);
      if (step <= now + 1) {
        this.last = step;
        return totpAtStep(this.secret, step, this.digits);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** A code from a step already used (a replay). */
  used(): string {
    return totpAtStep(this.secret, this.last, this.digits);
  }
}
