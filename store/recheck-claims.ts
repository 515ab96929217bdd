/**
 * Which devices an outage recheck is working on, so that two overlapping cycles never recheck (and
 * ticket) the same device at once. A claim is a lease: its holder (the recheck batch's workflow ID)
 * releases it when done, and it lapses by itself at `until` when the holder never finishes (terminated).
 */
export interface RecheckClaims {
  /** Claims the devices not held by another holder (or whose claim has lapsed); returns the ones now held by `holder`. */
  claimRechecks(devices: string[], holder: string, until: Date): Promise<string[]>;
  /** Releases `holder`'s claims on these devices; another holder's are left alone. */
  releaseRechecks(devices: string[], holder: string): Promise<void>;
}
