import { type Posting, postingFingerprint, validatePosting } from '../../core/accounting/ledger.ts';
import { LedgerError } from '../../core/accounting/ledger-error.ts';

/** A posting checked by the ledger's own rules, with what identifies its content. */
export interface CheckedPosting {
  readonly posting: Posting;
  readonly fingerprint: string;
}

/**
 * Validates every posting with core/accounting's rules (the one place they live) and refuses a key
 * that appears twice in the batch with different content. Returns the postings with distinct keys,
 * in order (a key repeated with the same content is kept once and counts as a duplicate).
 */
export function checkPostings(postings: readonly Posting[]): CheckedPosting[] {
  const byKey = new Map<string, CheckedPosting>();
  for (const posting of postings) {
    validatePosting(posting);
    const fingerprint = postingFingerprint(posting);
    const earlier = byKey.get(posting.key);
    if (earlier === undefined) byKey.set(posting.key, { posting, fingerprint });
    else if (earlier.fingerprint !== fingerprint) throw keyConflict(posting.key);
  }
  return [...byKey.values()];
}

/** A key already booked (or repeated in a batch) with a different posting. */
export function keyConflict(key: string): LedgerError {
  return new LedgerError(
    `posting "${key}": key already booked with different lines; refusing to book it twice`,
    { key },
  );
}
