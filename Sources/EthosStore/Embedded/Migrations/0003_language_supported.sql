-- Whether a record's text is in a language Ethos reads (English: TextLanguage), so that a report
-- can say how many of its records no principle could be read from, instead of counting them
-- silently as not evidenced. Records stored before are checked once here, by the
-- ethos_language_supported function the store registers on every connection.
ALTER TABLE records ADD COLUMN language_supported INTEGER NOT NULL DEFAULT 1;
UPDATE records SET language_supported = 0 WHERE ethos_language_supported(text) = 0;

-- Reports read the flag with the rest of a record's row, from the covering index.
DROP INDEX records_report;
CREATE INDEX records_report ON records(date, seq, kind, author, subject, minutes, visibility, anonymous, language_supported,
                                       verdict_layout, verdicts);
