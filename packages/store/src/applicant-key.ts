import { createHmac } from 'node:crypto';

/**
 * The key of "my cases": an HMAC-SHA256 of the applicant's one number (一号) under a secret the
 * platform holds, so the index never holds the number itself and a stolen table cannot be
 * reversed by enumerating the (small) space of valid numbers without the secret.
 */
export type ApplicantKeyer = (applicantNumber: string) => string;

export function createApplicantKeyer(secret: string | Uint8Array): ApplicantKeyer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < 32) {
    throw new RangeError(
      'the applicant-key secret must be at least 32 bytes: generate one with `openssl rand -base64 48`',
    );
  }
  return (applicantNumber) =>
    createHmac('sha256', bytes).update(applicantNumber.toUpperCase()).digest('base64url');
}
