/**
 * Public holidays from the date-holidays package, behind the domain's HolidayProvider port.
 * Only holidays of type `public` count (no bank-only, school or observance days). The package
 * calls a country's first-level subdivision a "state"; sla.yaml calls it `region` (e.g. GB/ENG).
 */
import Holidays from 'date-holidays';
import type { HolidayPeriod, HolidayProvider, HolidaySpec } from '../../domain/sla/holidays.js';

/** Lookups the config check needs: does date-holidays know this country / region? */
export interface HolidayCatalog {
  isKnownCountry(country: string): boolean;
  isKnownRegion(country: string, region: string): boolean;
  /** Region codes of a country, for "did you mean" messages. */
  listRegions(country: string): string[];
}

export function createDateHolidaysProvider(): HolidayProvider {
  const instances = new Map<string, Holidays>();
  const results = new Map<string, HolidayPeriod[]>();
  return {
    listPublicHolidays(spec: HolidaySpec, year: number, timezone: string): HolidayPeriod[] {
      const key = `${spec.country}/${spec.region ?? ''}/${timezone}`;
      const cached = results.get(`${key}/${year}`);
      if (cached) return cached;
      let holidays = instances.get(key);
      if (!holidays) {
        holidays = spec.region ? new Holidays(spec.country, spec.region, { timezone }) : new Holidays(spec.country, { timezone });
        instances.set(key, holidays);
      }
      const periods = holidays
        .getHolidays(year, 'en')
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => ({ name: holiday.name, startMs: holiday.start.getTime(), endMs: holiday.end.getTime() }));
      results.set(`${key}/${year}`, periods);
      return periods;
    },
  };
}

let catalogHolidays: Holidays | undefined;

export const dateHolidaysCatalog: HolidayCatalog = {
  isKnownCountry(country) {
    return Object.hasOwn(getCatalog().getCountries(), country);
  },
  isKnownRegion(country, region) {
    return Object.hasOwn(getCatalog().getStates(country) ?? {}, region);
  },
  listRegions(country) {
    return Object.keys(getCatalog().getStates(country) ?? {});
  },
};

function getCatalog(): Holidays {
  catalogHolidays ??= new Holidays();
  return catalogHolidays;
}
