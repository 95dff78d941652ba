// Portal logins in the `credentials` table, encrypted field by field. This is the
// only module that sees plaintext secrets; it returns them to workers (through
// the CredentialProvider) and never to the API, which gets CredentialMetadata.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PasswordRotation, PortalCredential } from '../../bots/index.ts';
import { CredentialError, type CredentialProvider } from './file.ts';
import type { Db } from '../platform/db/client.ts';
import { decryptField, encryptField } from './cipher.ts';
import type { Keyring } from './keyring.ts';
import { unblockAccount } from '../platform/fleet/health.ts';
import { text } from '../platform/text.ts';

/** Question -> answer, as the portal words the question (matched ignoring case and punctuation). */
export const SecurityAnswers = z
  .record(text().min(1).max(300), text().min(1).max(300))
  .refine((r) => Object.keys(r).length <= 20, 'at most 20 questions');

export const CredentialInput = z
  .object({
    portal: text().regex(/^[a-z0-9-]{1,40}$/, 'must be a lowercase portal id'),
    label: text().trim().min(1).max(80),
    username: text().min(1).max(200),
    password: text().min(1).max(500),
    totpSecret: z
      .string()
      .regex(/^[A-Z2-7]+=*$/i, 'must be a base32 TOTP secret')
      .max(200)
      .optional(),
    /** Answers to the portal's security questions, question -> answer (stored encrypted). */
    securityAnswers: SecurityAnswers.optional(),
  })
  .strict();
export type CredentialInput = z.infer<typeof CredentialInput>;

export interface CredentialMetadata {
  id: string;
  portal: string;
  label: string;
  hasTotp: boolean;
  keyId: string;
  status: string;
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Field = 'username' | 'password' | 'totp' | 'pending' | 'security';
const aad = (id: string, field: Field) => `credential:${id}:${field}`;

function encryptRow(
  keyring: Keyring,
  id: string,
  c: {
    username: string;
    password: string;
    totpSecret?: string | undefined;
    securityAnswers?: Record<string, string> | undefined;
  },
) {
  const u = encryptField(keyring, c.username, aad(id, 'username'));
  const p = encryptField(keyring, c.password, aad(id, 'password'));
  const t = c.totpSecret ? encryptField(keyring, c.totpSecret, aad(id, 'totp')) : null;
  const q =
    c.securityAnswers && Object.keys(c.securityAnswers).length > 0
      ? encryptField(keyring, JSON.stringify(c.securityAnswers), aad(id, 'security'))
      : null;
  return {
    usernameCipher: u.blob,
    passwordCipher: p.blob,
    totpSecretCipher: t?.blob ?? null,
    securityAnswersCipher: q?.blob ?? null,
    keyId: u.keyId,
  };
}

const metadataSelect = {
  id: true,
  portalId: true,
  label: true,
  totpSecretCipher: true,
  keyId: true,
  status: true,
  statusReason: true,
  createdAt: true,
  updatedAt: true,
} as const;

function toMetadata(r: {
  id: string;
  portalId: string;
  label: string;
  totpSecretCipher: Uint8Array | null;
  keyId: string;
  status: string;
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}): CredentialMetadata {
  return {
    id: r.id,
    portal: r.portalId,
    label: r.label,
    hasTotp: r.totpSecretCipher !== null,
    keyId: r.keyId,
    status: r.status,
    statusReason: r.statusReason,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Creates the credential, or replaces the secrets of the one with the same portal + label. */
export async function saveCredential(db: Db, keyring: Keyring, input: CredentialInput): Promise<CredentialMetadata> {
  const existing = await db.credential.findUnique({
    where: { portalId_label: { portalId: input.portal, label: input.label } },
    select: { id: true },
  });
  const id = existing?.id ?? randomUUID();
  const secrets = encryptRow(keyring, id, input);
  const row = existing
    ? await db.credential.update({
        where: { id },
        data: { ...secrets, status: 'active', statusReason: null },
        select: metadataSelect,
      })
    : await db.credential.create({
        data: { id, portalId: input.portal, label: input.label, ...secrets },
        select: metadataSelect,
      });
  // New secrets: a person fixed the account, so the fleet may use it again.
  if (existing) await unblockAccount(db, input.portal, id);
  return toMetadata(row);
}

export async function listCredentials(db: Db, portal?: string): Promise<CredentialMetadata[]> {
  const rows = await db.credential.findMany({
    where: portal ? { portalId: portal } : {},
    orderBy: [{ portalId: 'asc' }, { label: 'asc' }],
    select: metadataSelect,
  });
  return rows.map(toMetadata);
}

/** Returns false when no such credential exists. */
export async function deleteCredential(db: Db, id: string): Promise<boolean> {
  const r = await db.credential.deleteMany({ where: { id } });
  return r.count > 0;
}

export async function readCredential(db: Db, keyring: Keyring, id: string): Promise<PortalCredential> {
  const r = await db.credential.findUnique({ where: { id } });
  if (!r) throw new CredentialError(`credential ${id} does not exist`);
  return decryptRow(keyring, r);
}

function decryptRow(
  keyring: Keyring,
  r: {
    id: string;
    usernameCipher: Uint8Array;
    passwordCipher: Uint8Array;
    totpSecretCipher: Uint8Array | null;
    securityAnswersCipher?: Uint8Array | null;
    keyId: string;
  },
): PortalCredential {
  const out: PortalCredential = {
    id: r.id,
    username: decryptField(keyring, r.keyId, r.usernameCipher, aad(r.id, 'username')),
    password: decryptField(keyring, r.keyId, r.passwordCipher, aad(r.id, 'password')),
  };
  if (r.totpSecretCipher) out.totpSecret = decryptField(keyring, r.keyId, r.totpSecretCipher, aad(r.id, 'totp'));
  if (r.securityAnswersCipher)
    out.securityAnswers = JSON.parse(
      decryptField(keyring, r.keyId, r.securityAnswersCipher, aad(r.id, 'security')),
    ) as Record<string, string>;
  return out;
}

/**
 * Re-encrypts every row not yet under the current key. Each row is rewritten in
 * its own statement guarded by its old key id, so two concurrent rotations (or a
 * rotation racing a password change) never overwrite newer secrets.
 */
export async function rotateCredentials(
  db: Db,
  keyring: Keyring,
): Promise<{ rotated: number; alreadyCurrent: number }> {
  const rows = await db.credential.findMany({
    select: {
      id: true,
      usernameCipher: true,
      passwordCipher: true,
      totpSecretCipher: true,
      securityAnswersCipher: true,
      keyId: true,
    },
  });
  let rotated = 0;
  for (const r of rows) {
    if (r.keyId === keyring.currentKeyId) continue;
    const plain = decryptRow(keyring, r);
    const secrets = encryptRow(keyring, r.id, plain);
    const res = await db.credential.updateMany({
      where: { id: r.id, keyId: r.keyId, passwordCipher: r.passwordCipher },
      data: secrets,
    });
    rotated += res.count;
  }
  return { rotated, alreadyCurrent: rows.length - rotated };
}

/**
 * Workers' view: the active credential of a portal (oldest label first when a
 * portal has several, so the choice is stable across workers and restarts).
 */
export function credentialProviderFromDb(
  db: Db,
  keyring: Keyring,
  opts: { rotatePasswords?: readonly string[] } = {},
): CredentialProvider {
  const first = async (portal: string) => {
    const r = await db.credential.findFirst({
      where: { portalId: portal, status: 'active' },
      orderBy: [{ createdAt: 'asc' }, { label: 'asc' }],
    });
    if (!r)
      throw new CredentialError(
        `No active credential stored for portal "${portal}" (add one with POST /api/v1/credentials)`,
      );
    return decryptRow(keyring, r);
  };
  // The pool: every stored account of the portal; fleet health (not this row's status) decides which may log in.
  const all = async (portal: string) => {
    const rows = await db.credential.findMany({
      where: { portalId: portal, NOT: { status: 'disabled' } },
      orderBy: [{ createdAt: 'asc' }, { label: 'asc' }],
    });
    if (rows.length === 0)
      throw new CredentialError(`No credential stored for portal "${portal}" (add one with POST /api/v1/credentials)`);
    const rotate = opts.rotatePasswords?.includes(portal) ?? false;
    return rows.map((r) => ({
      ...decryptRow(keyring, r),
      label: r.label,
      ...(rotate ? { rotation: vaultRotation(db, keyring, r.id) } : {}),
    }));
  };
  return Object.assign(first, { all });
}

/**
 * Stores a new password for a vault credential (a person changed it on the
 * portal, or a bot rotated it): only the password field is re-encrypted, under
 * the current key; the other fields are re-encrypted alongside so the row stays
 * under one key id.
 */
export async function replacePassword(db: Db, keyring: Keyring, id: string, password: string): Promise<boolean> {
  const r = await db.credential.findUnique({ where: { id } });
  if (!r) return false;
  const plain = decryptRow(keyring, r);
  const secrets = encryptRow(keyring, id, { ...plain, password });
  await db.credential.update({ where: { id }, data: { ...secrets, status: 'active', statusReason: null } });
  return true;
}

/**
 * Password rotation through the vault: the new password is stored (encrypted,
 * as the row's pending password) before the bot submits it to the portal, and
 * becomes the password once the portal confirmed the change. A worker that dies
 * in between leaves both passwords in the row, so the working one is never lost.
 */
export function vaultRotation(db: Db, keyring: Keyring, id: string): PasswordRotation {
  return {
    async stage(newPassword) {
      const pending = encryptField(keyring, newPassword, aad(id, 'pending'));
      const r = await db.credential.findUnique({ where: { id } });
      if (!r) throw new CredentialError(`credential ${id} does not exist`);
      // The row moves to the current key with it, so one key id opens every field.
      const secrets = encryptRow(keyring, id, decryptRow(keyring, r));
      await db.credential.update({ where: { id }, data: { ...secrets, pendingPasswordCipher: pending.blob } });
    },
    async commit(newPassword) {
      if (!(await replacePassword(db, keyring, id, newPassword)))
        throw new CredentialError(`credential ${id} does not exist`);
      await db.credential.update({ where: { id }, data: { pendingPasswordCipher: null } });
    },
  };
}

/** The staged password of an unfinished rotation, if any (for a person recovering from a crash mid-rotation). */
export async function pendingPassword(db: Db, keyring: Keyring, id: string): Promise<string | undefined> {
  const r = await db.credential.findUnique({ where: { id }, select: { keyId: true, pendingPasswordCipher: true } });
  return r?.pendingPasswordCipher
    ? decryptField(keyring, r.keyId, r.pendingPasswordCipher, aad(id, 'pending'))
    : undefined;
}
