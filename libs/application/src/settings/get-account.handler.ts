import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { AccountStream } from '../accounts/account-stream';
import { GetAccountQuery, type AccountSettingsView } from './get-account.query';

/**
 * Reads the account's decision state (the account cache, or its stream on a miss), like
 * GetAccountProfile: this process's writes are in it at once, so a client reads its own
 * password or address change whatever connection made it.
 */
@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery, AccountSettingsView> {
  constructor(private readonly accounts: AccountStream) {}

  async execute(query: GetAccountQuery): Promise<AccountSettingsView> {
    const account = await this.accounts.state(query.userId);
    if (account.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
    return {
      email: account.email,
      confirmed: account.email !== null && account.emailVerified,
      hasPassword: account.passwordHash !== null,
      totpEnabled: account.totpEnabled,
      pendingDelete: account.pendingDeletion !== null,
    };
  }
}
