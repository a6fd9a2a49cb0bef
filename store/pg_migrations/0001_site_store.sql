-- The site store: saved checklists, anonymous counts and the terminals' code spaces.
-- Every column is on the approved list (store/pg_schema.py APPROVED_COLUMNS): nothing that identifies a person.

-- The two group roles the terminals' login roles belong to (see the README, "A whole site"). A DBA
-- usually creates them first; an owner with CREATEROLE gets them made here.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_lobby') THEN
        CREATE ROLE kiosk_lobby NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_counter') THEN
        CREATE ROLE kiosk_counter NOLOGIN;
    END IF;
END $$;

-- Each outbox (one per terminal's local file) owns a two-character code prefix: the codes it gives out,
-- online or not, all start with it, so no two terminals can ever give out the same code.
CREATE TABLE code_spaces (
    code_space text PRIMARY KEY CHECK (code_space ~ '^[A-Za-z0-9_.-]{1,64}$'),
    code_prefix text NOT NULL UNIQUE CHECK (code_prefix ~ '^[2-9A-HJKMNP-Z]{2}$'),
    terminal_id text NOT NULL CHECK (terminal_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    last_sequence bigint NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
    claimed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE checklists (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id text NOT NULL UNIQUE CHECK (visit_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    pickup_code text NOT NULL UNIQUE CHECK (pickup_code ~ '^[2-9A-HJKMNP-Z]{6}$'),
    terminal_id text NOT NULL CHECK (terminal_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    created_at timestamptz NOT NULL,
    day date NOT NULL,
    procedure text NOT NULL,
    answers text NOT NULL,
    guide_version text NOT NULL,
    lang text NOT NULL CHECK (lang IN ('zh', 'en', 'zh_hant')),
    channel text NOT NULL CHECK (channel IN ('kiosk', 'counter')),
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'handled')),
    checklist_json text
);
CREATE INDEX checklists_created_at ON checklists (created_at);
CREATE INDEX checklists_day_procedure ON checklists (day, procedure, terminal_id);

CREATE TABLE abandonments (
    day date NOT NULL,
    procedure text NOT NULL,
    question text NOT NULL,
    count integer NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, procedure, question)
);

-- Which outbox entries of counts have arrived: counts are forwarded in order, so one number per outbox
-- makes a count that is sent again after a lost reply arrive once.
CREATE TABLE forwarded_counts (
    code_space text PRIMARY KEY REFERENCES code_spaces (code_space),
    last_entry bigint NOT NULL
);

-- The site's own settings: how long checklists are kept (the purge function reads it, so no terminal can
-- ask for a shorter one).
CREATE TABLE site_settings (
    retention_days integer NOT NULL CHECK (retention_days >= 0),
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row)
);
INSERT INTO site_settings (retention_days) VALUES (30);

-- A terminal claims its code space once (again with the same name: the same prefix back).
CREATE FUNCTION kiosk_claim_code_space(p_code_space text, p_terminal_id text)
RETURNS TABLE (code_prefix text, last_sequence bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    alphabet constant text := '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
BEGIN
    RETURN QUERY SELECT s.code_prefix, s.last_sequence FROM public.code_spaces s WHERE s.code_space = p_code_space;
    IF FOUND THEN
        RETURN;
    END IF;
    LOCK TABLE public.code_spaces IN SHARE ROW EXCLUSIVE MODE;  -- two terminals claiming at once
    RETURN QUERY
    INSERT INTO public.code_spaces (code_space, code_prefix, terminal_id)
    SELECT p_code_space, candidate, p_terminal_id
    FROM (
        SELECT substr(alphabet, a, 1) || substr(alphabet, b, 1) AS candidate
        FROM generate_series(1, 31) a, generate_series(1, 31) b
    ) candidates
    WHERE candidate NOT IN (SELECT s.code_prefix FROM public.code_spaces s)
    ORDER BY candidate
    LIMIT 1
    ON CONFLICT (code_space) DO NOTHING
    RETURNING code_spaces.code_prefix, code_spaces.last_sequence;
    IF NOT FOUND THEN
        RETURN QUERY SELECT s.code_prefix, s.last_sequence FROM public.code_spaces s WHERE s.code_space = p_code_space;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'every code prefix of this site is taken (961 terminals)' USING ERRCODE = 'P0001';
        END IF;
    END IF;
END $$;

-- The next code sequence number of a code space, for a terminal saving while online.
CREATE FUNCTION kiosk_next_sequence(p_code_space text)
RETURNS TABLE (code_prefix text, last_sequence bigint)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    UPDATE public.code_spaces SET last_sequence = last_sequence + 1 WHERE code_space = p_code_space
    RETURNING code_spaces.code_prefix, code_spaces.last_sequence;
$$;

-- Save (or save again) one visit's checklist. A visit saved again keeps its code and its status; saving
-- exactly the same again changes nothing, so a forward repeated after a lost reply arrives once. A code
-- must be in the caller's code space: no terminal can write into another's codes.
CREATE FUNCTION kiosk_save_checklist(
    p_code_space text, p_sequence bigint, p_visit_id text, p_pickup_code text, p_terminal_id text,
    p_created_at timestamptz, p_day date, p_procedure text, p_answers text, p_guide_version text, p_lang text,
    p_channel text, p_checklist_json text
)
RETURNS TABLE (pickup_code text, created_at timestamptz, status text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    prefix text;
BEGIN
    SELECT s.code_prefix INTO prefix FROM public.code_spaces s WHERE s.code_space = p_code_space FOR UPDATE;
    IF prefix IS NULL OR left(p_pickup_code, 2) <> prefix THEN
        RAISE EXCEPTION 'code % is not in code space %', p_pickup_code, p_code_space USING ERRCODE = '23514';
    END IF;
    UPDATE public.code_spaces SET last_sequence = greatest(code_spaces.last_sequence, p_sequence)
    WHERE code_space = p_code_space AND code_spaces.last_sequence < p_sequence;
    INSERT INTO public.checklists AS c (visit_id, pickup_code, terminal_id, created_at, day, procedure, answers,
                                        guide_version, lang, channel, checklist_json)
    VALUES (p_visit_id, p_pickup_code, p_terminal_id, p_created_at, p_day, p_procedure, p_answers,
            p_guide_version, p_lang, p_channel, p_checklist_json)
    ON CONFLICT (visit_id) DO UPDATE
        SET procedure = EXCLUDED.procedure, answers = EXCLUDED.answers, guide_version = EXCLUDED.guide_version,
            lang = EXCLUDED.lang, channel = EXCLUDED.channel, checklist_json = EXCLUDED.checklist_json
        WHERE c.terminal_id = EXCLUDED.terminal_id
          AND (c.procedure, c.answers, c.guide_version, c.lang, c.channel, c.checklist_json)
              IS DISTINCT FROM (EXCLUDED.procedure, EXCLUDED.answers, EXCLUDED.guide_version, EXCLUDED.lang,
                                EXCLUDED.channel, EXCLUDED.checklist_json);
    RETURN QUERY SELECT c.pickup_code, c.created_at, c.status FROM public.checklists c
    WHERE c.visit_id = p_visit_id AND c.terminal_id = p_terminal_id;
END $$;

-- Count one visit that ended without a checklist; `p_entry` is the outbox's entry number (NULL: not
-- from an outbox), and an entry already counted is not counted again.
CREATE FUNCTION kiosk_record_abandonment(p_code_space text, p_entry bigint, p_day date, p_procedure text,
                                         p_question text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF p_entry IS NOT NULL THEN
        INSERT INTO public.forwarded_counts AS f (code_space, last_entry) VALUES (p_code_space, p_entry)
        ON CONFLICT (code_space) DO UPDATE SET last_entry = EXCLUDED.last_entry WHERE f.last_entry < EXCLUDED.last_entry;
        IF NOT FOUND THEN
            RETURN;  -- counted already
        END IF;
    END IF;
    INSERT INTO public.abandonments AS a (day, procedure, question, count) VALUES (p_day, p_procedure, p_question, 1)
    ON CONFLICT (day, procedure, question) DO UPDATE SET count = a.count + 1;
END $$;

-- Delete checklists older than the retention; returns how many. A terminal may keep them longer than the
-- site's setting (its own retention_days), never shorter, and its clock counts only when it is behind the
-- server's: no terminal can make the purge delete a checklist the site would keep.
CREATE FUNCTION kiosk_purge(p_now timestamptz, p_retention_days integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    deleted integer;
    cutoff timestamptz;
BEGIN
    SELECT least(p_now, now()) - make_interval(days => greatest(p_retention_days, s.retention_days))
    INTO cutoff FROM public.site_settings s;
    DELETE FROM public.checklists WHERE created_at < cutoff;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END $$;

-- Least privilege. Functions are executable by PUBLIC unless revoked.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
-- The lobby saves and counts, through the functions only: it cannot read a single table.
GRANT EXECUTE ON FUNCTION kiosk_claim_code_space(text, text), kiosk_next_sequence(text),
    kiosk_save_checklist(text, bigint, text, text, text, timestamptz, date, text, text, text, text, text, text),
    kiosk_record_abandonment(text, bigint, date, text, text), kiosk_purge(timestamptz, integer)
    TO kiosk_lobby, kiosk_counter;
-- The counter also reads checklists and the counts, and marks a checklist handled (its status, nothing else).
GRANT SELECT ON checklists, abandonments TO kiosk_counter;
-- Both may read which schema version this is, to refuse a newer one.
GRANT SELECT ON kiosk_schema_migrations TO kiosk_lobby, kiosk_counter;
GRANT UPDATE (status) ON checklists TO kiosk_counter;
