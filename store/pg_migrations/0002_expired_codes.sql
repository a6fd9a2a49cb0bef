-- A code whose checklist the retention purge deleted, and the day it was saved: nothing else (no answers,
-- no checklist), so counter staff can tell "expired" (the code is right: walk the visitor through again)
-- from "no such code" (check it). Each is forgotten in turn, expired_code_days after its checklist's purge.
CREATE TABLE expired_codes (
    pickup_code text PRIMARY KEY CHECK (pickup_code ~ '^[2-9A-HJKMNP-Z]{6}$'),
    day date NOT NULL
);
CREATE INDEX expired_codes_day ON expired_codes (day);

-- How long the site remembers an expired code (`kiosk db upgrade` sets it from kiosk.toml, as retention).
ALTER TABLE site_settings ADD COLUMN expired_code_days integer NOT NULL DEFAULT 90 CHECK (expired_code_days >= 0);

-- The purge of 0001, which now keeps each deleted checklist's code and day, and forgets old ones.
CREATE OR REPLACE FUNCTION kiosk_purge(p_now timestamptz, p_retention_days integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    deleted integer;
    cutoff timestamptz;
    forget_days integer;
BEGIN
    SELECT least(p_now, now()) - make_interval(days => greatest(p_retention_days, s.retention_days)),
           s.expired_code_days
    INTO cutoff, forget_days FROM public.site_settings s;
    INSERT INTO public.expired_codes AS e (pickup_code, day)
    SELECT c.pickup_code, c.day FROM public.checklists c WHERE c.created_at < cutoff
    ON CONFLICT (pickup_code) DO UPDATE SET day = EXCLUDED.day;
    DELETE FROM public.checklists WHERE created_at < cutoff;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    DELETE FROM public.expired_codes e WHERE e.day < (cutoff - make_interval(days => forget_days))::date;
    RETURN deleted;
END $$;

-- Only the counter looks codes up; the lobby cannot read it (as it cannot read checklists).
REVOKE ALL ON expired_codes FROM PUBLIC;
GRANT SELECT ON expired_codes TO kiosk_counter;
