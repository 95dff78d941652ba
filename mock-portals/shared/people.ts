// Fake but realistic people and providers. Patient names and dates of birth
// are PHI in our model: tests use them to prove they never reach logs.
import type { Rng } from './prng.ts';
import { addDays, npiFromNine } from './helpers.ts';

const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'Mateo',
  'Isabella',
  'Lucas',
  'Mia',
  'Levi',
  'Amelia',
  'Ezra',
  'Harper',
  'Asher',
  'Evelyn',
  'James',
  'Camila',
  'Leo',
  'Luna',
  'Grayson',
  'Aaliyah',
  'Hudson',
  'Priya',
  'Wei',
  'Fatima',
  'Diego',
  'Nadia',
  'Kwame',
  'Yuki',
  'Tomasz',
  'Ingrid',
  'Rosa',
  'Marcus',
  'Delphine',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Nguyen',
  'Patel',
  'Kowalski',
  'Okafor',
  'Lindqvist',
  'Tanaka',
  "O'Brien",
  'Castillo',
];
const PRACTICES = [
  'Riverbend Family Medicine',
  'Cedar Hills Orthopedics',
  'Lakeside Pediatrics',
  'Northgate Cardiology Associates',
  'Summit Physical Therapy',
  'Harborview Dermatology',
  'Willow Creek Internal Medicine',
  'Maple Grove Imaging',
];

export interface FakePerson {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

export function fakePerson(rng: Rng): FakePerson {
  // Ages 1..89 on the anchor date, evenly spread.
  const dob = addDays('2025-06-30', -rng.int(365, 365 * 89));
  return { firstName: rng.pick(FIRST), lastName: rng.pick(LAST), dateOfBirth: dob };
}

export interface FakeProvider {
  npi: string;
  name: string;
}

export function fakeProviders(rng: Rng, n: number): FakeProvider[] {
  const names = [...PRACTICES];
  const out: FakeProvider[] = [];
  for (let i = 0; i < n && names.length > 0; i++) {
    const name = names.splice(rng.int(0, names.length - 1), 1)[0] as string;
    out.push({ npi: npiFromNine(`1${rng.digits(8)}`), name });
  }
  return out;
}

/** Payer-style member id formats (letters/digits only, per MemberId). */
export function fakeMemberId(rng: Rng, payerId: string): string {
  switch (payerId) {
    case 'aetna':
      return `W${rng.digits(9)}`;
    case 'cigna':
      return `U${rng.digits(8)}01`;
    case 'anthem':
      return `${rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}${rng.digits(9)}`;
    default:
      return `M${rng.digits(10)}`;
  }
}
