import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { AccountStream } from './account-stream';
import { GetAccountProfileQuery, type AccountProfileView } from './get-account-profile.query';

/**
 * Reads the account's decision state (the account cache, or its stream on a miss), not a read
 * model: every write this process made is in it (the cache is written through), and writes of
 * other instances as soon as the $all subscription brings them.
 */
@QueryHandler(GetAccountProfileQuery)
export class GetAccountProfileHandler implements IQueryHandler<
  GetAccountProfileQuery,
  AccountProfileView
> {
  constructor(private readonly accounts: AccountStream) {}

  async execute(query: GetAccountProfileQuery): Promise<AccountProfileView> {
    const account = await this.accounts.state(query.userId);
    if (account.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
    const { profile } = account;
    return {
      userId: account.userId,
      email: account.email,
      firstName: profile.firstName,
      lastName: profile.lastName,
      phone: profile.phone,
      accountType: profile.accountType,
      referralCode: profile.referralCode,
      emailVerified: account.emailVerified,
      createdAt: account.registeredAt,
      lastLoginAt: account.lastLoginAt,
      name: account.name,
      pendingDeletion: account.pendingDeletion,
    };
  }
}
