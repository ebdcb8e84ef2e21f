import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** Options as the service's ceremonies answer them (the fields this authenticator reads). */
interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
  authenticatorSelection?: { userVerification?: string };
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
}

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string;
  signCount: number;
}

/** What a test may change in one ceremony to play an attacker or a broken client. */
export interface Tweaks {
  origin?: string;
  userVerified?: boolean;
  /** Sign with this credential (a base64url id known to this authenticator). */
  credentialId?: string;
  /** Claim this counter instead of the next one. */
  signCount?: number;
  /** Answer this challenge instead of the options'. */
  challenge?: string;
}

/**
 * A WebAuthn authenticator in software, for the HTTP-level tests and the benchmark (never
 * wired into the service): P-256 (ES256) keys, attestation
 * `none`, discoverable credentials, a counter per credential (or none: `countless`). It builds
 * the JSON a browser sends, so the service's real verification runs on it.
 */
export class SoftAuthenticator {
  readonly credentials = new Map<string, Credential>();

  constructor(
    private readonly origin: string,
    private readonly options: { countless?: boolean; backedUp?: boolean } = {},
  ) {}

  create(options: CreationOptions, tweaks: Tweaks = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = randomBytes(16);
    const credential: Credential = {
      id,
      privateKey,
      userHandle: options.user.id,
      signCount: 0,
    };
    this.credentials.set(id.toString('base64url'), credential);
    const cose = cbor(
      new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const attested = Buffer.concat([Buffer.alloc(16), u16(id.length), id, cose]);
    const authData = this.authData(options.rp.id!, 0x40, 0, tweaks, attested);
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, tweaks);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: id.toString('base64url'),
      rawId: id.toString('base64url'),
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  get(options: RequestOptions, rpId: string, tweaks: Tweaks = {}) {
    const id = tweaks.credentialId ?? [...this.credentials.keys()][0];
    const credential = this.credentials.get(id);
    if (!credential) throw new Error('no such credential on this authenticator');
    if (!this.options.countless) credential.signCount += 1;
    const count = tweaks.signCount ?? (this.options.countless ? 0 : credential.signCount);
    const authData = this.authData(options.rpId ?? rpId, 0, count, tweaks);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, tweaks);
    const signature = sign(
      'sha256',
      Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]),
      credential.privateKey,
    );
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private authData(
    rpId: string,
    extraFlags: number,
    signCount: number,
    tweaks: Tweaks,
    attested = Buffer.alloc(0),
  ): Buffer {
    const uv = tweaks.userVerified ?? true;
    // UP, UV, backup eligible (BE) and backed up (BS) when asked, attested data (AT).
    const flags = 0x01 | (uv ? 0x04 : 0) | (this.options.backedUp ? 0x18 : 0x08) | extraFlags;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(signCount);
    return Buffer.concat([
      createHash('sha256').update(rpId).digest(),
      Buffer.from([flags]),
      count,
      attested,
    ]);
  }

  private clientData(type: string, challenge: string, tweaks: Tweaks): Buffer {
    return Buffer.from(
      JSON.stringify({
        type,
        challenge: tweaks.challenge ?? challenge,
        origin: tweaks.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }
}

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

/** The CBOR this needs: integers, byte and text strings, maps. */
function cbor(value: unknown): Buffer {
  const head = (major: number, length: number): Buffer => {
    if (length < 24) return Buffer.from([(major << 5) | length]);
    if (length < 256) return Buffer.from([(major << 5) | 24, length]);
    return Buffer.concat([Buffer.from([(major << 5) | 25]), u16(length)]);
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, text.length), text]);
  }
  if (value instanceof Map) {
    return Buffer.concat([
      head(5, value.size),
      ...[...value.entries()].flatMap(([k, v]) => [cbor(k), cbor(v)]),
    ]);
  }
  throw new Error(`cannot encode ${typeof value}`);
}
