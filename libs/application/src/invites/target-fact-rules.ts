import { AuthError } from '@tangle/contracts';
import type { TargetFact } from '@tangle/domain';

const SNOWFLAKE = /^[1-9][0-9]{0,19}$/;
const UINT64_MAX = 2n ** 64n - 1n;
export const TARGET_NAME_MAX = 128;
export const TARGET_MEMBERS_MAX = 100_000;
/** Base64 of a small preview image. */
export const TARGET_PHOTO_PREVIEW_MAX = 16_384;

/** Refuses a fact whose fields this service would not store (INVALID_ARGUMENT naming the field). */
export function checkTargetFact(input: {
  targetType: string;
  targetId: string;
  version: string;
  fact: TargetFact;
}): void {
  const bad = (detail: string): never => {
    throw new AuthError('INVALID_ARGUMENT', detail);
  };
  if (input.targetType !== 'community' && input.targetType !== 'group') {
    bad('type must be COMMUNITY or GROUP');
  }
  if (!isSnowflake(input.targetId)) bad('target_id must be a snowflake');
  if (!/^[0-9]{1,20}$/.test(input.version) || BigInt(input.version) > UINT64_MAX) {
    bad('version must be an unsigned 64-bit number');
  }
  const { fact } = input;
  if (fact.kind === 'snapshot') {
    const name = fact.name.trim();
    if (name === '' || [...name].length > TARGET_NAME_MAX) {
      bad(`name must be 1 to ${TARGET_NAME_MAX} characters`);
    }
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name)) {
      bad('name must not contain control or bidirectional formatting characters');
    }
    if (!isSnowflake(fact.ownerId)) bad('owner_id must be a snowflake');
    checkIds('member_ids', fact.memberIds);
    if (fact.photo) {
      if (!isSnowflake(fact.photo.fileId)) bad('photo.file_id must be a snowflake');
      if (fact.photo.preview.length > TARGET_PHOTO_PREVIEW_MAX) {
        bad(`photo.preview must be at most ${(TARGET_PHOTO_PREVIEW_MAX / 4) * 3} bytes`);
      }
    }
  } else if (fact.kind === 'members') {
    checkIds('added', fact.added);
    checkIds('removed', fact.removed);
  }

  function checkIds(field: string, ids: string[]): void {
    if (ids.length > TARGET_MEMBERS_MAX)
      bad(`${field} must hold at most ${TARGET_MEMBERS_MAX} ids`);
    if (!ids.every(isSnowflake)) bad(`${field} must hold snowflakes`);
  }
}

function isSnowflake(id: string): boolean {
  return SNOWFLAKE.test(id) && BigInt(id) <= UINT64_MAX;
}
