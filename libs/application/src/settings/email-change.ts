import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuthError, EmailChanged, EmailChangeFailed } from '@tangle/contracts';
import { EMAIL_CHANGE_UNDO_MS, type AccountCommand, type EmailAddress } from '@tangle/domain';
import { AccountStream } from '../accounts/account-stream';
import { OneTimeCodes } from '../accounts/one-time-codes';
import { Reservations } from '../accounts/reservations';
import {
  CLOCK,
  IDENTIFIER_KEYS,
  SECRET_GENERATOR,
  SECRET_SEALER,
  type Clock,
  type IdentifierKeys,
  type SecretGenerator,
  type SecretSealer,
} from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';

/** How long the old address's link undoes an email change (EMAIL_CHANGE_UNDO_MS). */
export const EMAIL_CHANGE_UNDO_WINDOW = Symbol('EmailChangeUndoWindowMs');

/** Random bytes of an undo link's token. */
export const UNDO_TOKEN_BYTES = 32;

/** The purpose an undo token's keyed hash is made for. */
export const EMAIL_UNDO_PURPOSE = 'email-undo';

/**
 * The second half of an email change: the code mailed to the new address, given back through
 * auth.verifyEmail by the signed-in account. The move is one append on the account stream,
 * after the new address is claimed (decision 21):
 *
 * 1. the code is checked on the account's state (a wrong one is recorded, five kill it);
 * 2. the new address's reservation is made for the account (`email-<key>`, expected revision):
 *    of two accounts racing for one address exactly one gets it, the other EMAIL_ALREADY_EXISTS;
 * 3. `account.email-changed` is appended under the account's expected revision, only while
 *    that reservation is fresh: from this append on the account's address is the new one.
 *
 * The old address stays reserved for the account while its undo link is open; a reservation
 * that its account does not hold (a change that never completed, an address left after the
 * window) is taken over by the next account that claims it.
 */
@Injectable()
export class EmailChange {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    private readonly accounts: AccountStream,
    private readonly reservations: Reservations,
    private readonly codes: OneTimeCodes,
    @Optional()
    @Inject(EMAIL_CHANGE_UNDO_WINDOW)
    private readonly undoWindowMs: number = EMAIL_CHANGE_UNDO_MS,
  ) {}

  /** Whether `email` is the address a change of this account waits a code for. */
  async isPendingFor(userId: string, email: EmailAddress): Promise<boolean> {
    const account = await this.accounts.state(userId);
    return (
      account.status === 'registered' &&
      account.pendingEmail?.address.toLowerCase() === email.normalized
    );
  }

  /** Throws INVALID_CODE for a wrong, used or expired code, EMAIL_ALREADY_EXISTS when taken. */
  async confirm(
    userId: string,
    email: EmailAddress,
    code: string,
    context: RequestContext,
  ): Promise<void> {
    const codeHash = this.codes.hash('email-change', userId, code);
    const metadata = () => metadataFor({ ...context, actorUserId: userId }, this.clock.now());
    const token = this.secrets.urlToken(UNDO_TOKEN_BYTES);
    const confirm = (reservedAt: number, at: number): AccountCommand => ({
      kind: 'confirm-email-change',
      normalized: email.normalized,
      codeHash,
      reservedAt,
      undoTokenHash: this.keys.secretHash(EMAIL_UNDO_PURPOSE, userId, token),
      sealedUndoToken: this.sealer.seal(token),
      undoWindowMs: this.undoWindowMs,
      at,
    });
    const now = this.clock.now();
    const checked = await this.accounts.preview(userId, confirm(now, now));
    if (checked.events.some((event) => event.type === EmailChangeFailed)) {
      // Recorded under the expected revision: parallel guesses each count.
      await this.accounts.decide(userId, confirm(now, now), metadata());
      throw new AuthError('INVALID_CODE');
    }
    const reservedAt = await this.reservations.reserveEmail(email, userId, metadata());
    const decision = await this.accounts.decide(
      userId,
      () => confirm(reservedAt, this.clock.now()),
      metadata(),
    );
    if (!decision.events.some((event) => event.type === EmailChanged)) {
      throw new AuthError('INVALID_CODE');
    }
  }
}
