/**
 * The version of the policy in sanitise.ts, recorded with the archived posts: bump it whenever the policy changes, and
 * posts cleaned by an older one are cleaned again when next read (src/archive/store.ts), so the whole archive follows
 * the policy, not just new posts. A module of its own, so that reading the archive need not load the sanitiser.
 */
export const SANITISE_POLICY_VERSION = 3;
