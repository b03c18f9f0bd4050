/** An IANA time zone name (`Europe/London`), refused with the value that was given. */
import { IANAZone } from 'luxon';
import { z } from 'zod';

export const ianaTimeZone = z.string().superRefine((zone, ctx) => {
  if (!IANAZone.isValidZone(zone)) ctx.addIssue({ code: 'custom', message: `"${zone}" is not an IANA time zone (e.g. Europe/London, Asia/Jerusalem, UTC)` });
});
