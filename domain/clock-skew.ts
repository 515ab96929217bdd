/**
 * How far a vendor's clock may be from ours when we look for what an earlier attempt of ours already wrote
 * there (a ticket, a note, a message): each look-back starts this much before our own timestamp.
 */

/** Bruin: its create dates and note dates against our run and activity start times. */
export const BRUIN_CLOCK_SKEW_MS = 5 * 60_000;

/** Slack's and Twilio's message lists (their clocks are NTP-disciplined: a minute is plenty). */
export const PROVIDER_CLOCK_SKEW_MS = 60_000;
