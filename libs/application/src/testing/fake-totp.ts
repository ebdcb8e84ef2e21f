import type { TotpAuthenticator } from '../ports';

const STEP_MS = 30_000;

/**
 * A TOTP double on the harness clock: the code of time step `t` is a fixed scramble of `t`, six
 * digits (never 000000); codes one step early or late are accepted, as by the real authenticator. The secret
 * is the label's sealed counter, so two setups have different secrets.
 */
export function fakeTotp(): TotpAuthenticator & { codeAt(at: number, steps?: number): string } {
  let n = 0;
  const codeOf = (step: number) => String(((step * 7919) % 999_983) + 1).padStart(6, '0');
  return {
    newSecret: (label) => {
      const secret = `S${++n}`;
      return {
        sealedSecret: `sealed:${secret}`,
        url: `otpauth://totp/Test:${label}?secret=${secret}`,
      };
    },
    verify: (sealedSecret, code, at) => {
      if (!sealedSecret.startsWith('sealed:S')) throw new Error('not sealed by this double');
      const step = Math.floor(at / STEP_MS);
      for (const candidate of [step - 1, step, step + 1]) {
        if (codeOf(candidate) === code) return candidate;
      }
      return null;
    },
    codeAt: (at, steps = 0) => codeOf(Math.floor(at / STEP_MS) + steps),
  };
}
