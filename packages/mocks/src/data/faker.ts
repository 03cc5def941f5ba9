import { base, en, Faker } from '@faker-js/faker';

/** The seed every run starts from: the same calls after a reset give the same data. */
export const DEFAULT_SEED = 20261127;

// A Faker of our own, so that seeding the mocks never disturbs an app's or a test's own `faker`.
export const faker = new Faker({ locale: [en, base] });

/**
 * Re-seeds the generator behind every factory. `resetMockState()` calls it, so each test starts from the
 * same sequence; call it yourself to get a different but still reproducible data set.
 */
export function seedFactories(seed: number = DEFAULT_SEED): void {
  faker.seed(seed);
  // Dates relative to "now" would differ from run to run; anchor them.
  faker.setDefaultRefDate(new Date('2026-11-27T10:00:00Z'));
}

seedFactories();
