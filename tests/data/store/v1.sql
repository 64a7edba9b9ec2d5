BEGIN TRANSACTION;
CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    source        TEXT NOT NULL,
    url           TEXT NOT NULL,
    text          TEXT NOT NULL,
    captions      TEXT NOT NULL,       -- JSON [[start, end], ...]
    junk          TEXT NOT NULL,       -- JSON [[start, end], ...]
    metadata      TEXT NOT NULL,       -- JSON object, keys sorted
    pub_best      TEXT,                -- ISO dates; NULL when undated
    pub_earliest  TEXT,
    pub_latest    TEXT,
    pub_precision TEXT,
    pub_method    TEXT,
    pub_evidence  TEXT,
    n_mentions    INTEGER NOT NULL,    -- rows written with the article, for integrity checks
    n_reports     INTEGER NOT NULL
);
INSERT INTO "articles" VALUES('1e8c966cd96f69ed3bdf67ab311301fce9ef1c792538dc6ca0066f642dff2671','date 2022-06-01 Russian forces captured Sievierodonetsk. Lysychansk was shelled.','/tmp/v1in/a.txt','','date 2022-06-01 Russian forces captured Sievierodonetsk. Lysychansk was shelled. Fighting near Zzyzx.
','[]','[]','{}','2022-06-01','2022-06-01','2022-06-01','day','date-line','date 2022-06-01',3,2);
INSERT INTO "articles" VALUES('d8f6bc4a1000b968ac3330e096ffc1bb00cd27cec7ea58ff18179575147a8aaa','If Bakhmut falls, the road opens. Russian forces shelled Kharkiv.','/tmp/v1in/b.txt','','If Bakhmut falls, the road opens. Russian forces shelled Kharkiv.
','[]','[]','{}',NULL,NULL,NULL,NULL,NULL,NULL,2,2);
INSERT INTO "articles" VALUES('f8ece2cf4d63fcb59025edc0ecba4aac018b4826a7ddad79ae125d31cb56bcf1','date 2023-01-05 Fighting in Kherson. Russian forces controlled about 70% of Bakh','/tmp/v1in/c.txt','','date 2023-01-05 Fighting in Kherson. Russian forces controlled about 70% of Bakhmut.
','[]','[]','{}','2023-01-05','2023-01-05','2023-01-05','day','date-line','date 2023-01-05',2,2);
CREATE TABLE mentions (
    article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    place_id     TEXT REFERENCES places(id),
    confidence   REAL NOT NULL,
    reason       TEXT NOT NULL,
    matched_name TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
INSERT INTO "mentions" VALUES('1e8c966cd96f69ed3bdf67ab311301fce9ef1c792538dc6ca0066f642dff2671',0,40,55,'Sievierodonetsk','gn:700569',0.9,'stand-in','');
INSERT INTO "mentions" VALUES('1e8c966cd96f69ed3bdf67ab311301fce9ef1c792538dc6ca0066f642dff2671',1,57,67,'Lysychansk','gn:702658',0.9,'stand-in','');
INSERT INTO "mentions" VALUES('1e8c966cd96f69ed3bdf67ab311301fce9ef1c792538dc6ca0066f642dff2671',2,95,100,'Zzyzx',NULL,0.0,'unknown name','');
INSERT INTO "mentions" VALUES('d8f6bc4a1000b968ac3330e096ffc1bb00cd27cec7ea58ff18179575147a8aaa',0,3,10,'Bakhmut','gn:712451',0.9,'stand-in','');
INSERT INTO "mentions" VALUES('d8f6bc4a1000b968ac3330e096ffc1bb00cd27cec7ea58ff18179575147a8aaa',1,57,64,'Kharkiv','gn:706483',0.9,'stand-in','');
INSERT INTO "mentions" VALUES('f8ece2cf4d63fcb59025edc0ecba4aac018b4826a7ddad79ae125d31cb56bcf1',0,28,35,'Kherson','gn:706448',0.9,'stand-in','');
INSERT INTO "mentions" VALUES('f8ece2cf4d63fcb59025edc0ecba4aac018b4826a7ddad79ae125d31cb56bcf1',1,76,83,'Bakhmut','gn:712451',0.9,'stand-in','');
CREATE TABLE places (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    lat       REAL NOT NULL,
    lon       REAL NOT NULL,
    precision TEXT NOT NULL,
    admin1    TEXT NOT NULL,
    admin2    TEXT NOT NULL,
    country   TEXT NOT NULL
);
INSERT INTO "places" VALUES('gn:700569','Sievierodonetsk','settlement',48.9482,38.4917,'exact','Luhansk Oblast','','UA');
INSERT INTO "places" VALUES('gn:702658','Lysychansk','settlement',48.9165,38.4273,'exact','Luhansk Oblast','','UA');
INSERT INTO "places" VALUES('gn:706483','Kharkiv','settlement',49.9808,36.2527,'exact','Kharkiv Oblast','','UA');
INSERT INTO "places" VALUES('gn:712451','Bakhmut','settlement',48.5953,38.0003,'exact','Donetsk Oblast','','UA');
INSERT INTO "places" VALUES('gn:706448','Kherson','settlement',46.6558,32.6178,'exact','Kherson Oblast','','UA');
CREATE TABLE reports (
    id              TEXT PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    place_id        TEXT NOT NULL REFERENCES places(id),
    place_name      TEXT NOT NULL,
    lat             REAL NOT NULL,
    lon             REAL NOT NULL,
    kind            TEXT NOT NULL,
    actor           TEXT NOT NULL,
    modality        TEXT NOT NULL,
    date_best       TEXT,
    date_earliest   TEXT,
    date_latest     TEXT,
    date_precision  TEXT,
    date_method     TEXT,
    date_evidence   TEXT,
    sentence        TEXT NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    mention_start   INTEGER NOT NULL,
    mention_end     INTEGER NOT NULL,
    claimed_by      TEXT NOT NULL,
    claimant_side   TEXT NOT NULL,
    reported_speech INTEGER NOT NULL,
    percent         REAL,
    place_kind      TEXT NOT NULL,
    precision       TEXT NOT NULL,
    confidence      REAL NOT NULL,
    rule            TEXT NOT NULL
);
INSERT INTO "reports" VALUES('0e7528add3749499','1e8c966cd96f69ed3bdf67ab311301fce9ef1c792538dc6ca0066f642dff2671','gn:700569','Sievierodonetsk',48.9482,38.4917,'captured','RU','asserted','2022-06-01','2022-06-01','2022-06-01','day','date-line','date 2022-06-01','date 2022-06-01 Russian forces captured Sievierodonetsk.',0,56,40,55,'narration','unknown',0,NULL,'settlement','exact',1.0,'stand-in');
INSERT INTO "reports" VALUES('4c0ce5bf33697419','1e8c966cd96f69ed3bdf67ab311301fce9ef1c792538dc6ca0066f642dff2671','gn:702658','Lysychansk',48.9165,38.4273,'strike','unknown','asserted','2022-06-01','2022-06-01','2022-06-01','day','date-line','date 2022-06-01','Lysychansk was shelled.',56,80,57,67,'narration','unknown',0,NULL,'settlement','exact',1.0,'stand-in');
INSERT INTO "reports" VALUES('8f0eb331c47018bb','d8f6bc4a1000b968ac3330e096ffc1bb00cd27cec7ea58ff18179575147a8aaa','gn:712451','Bakhmut',48.5953,38.0003,'fighting','unknown','hypothetical',NULL,NULL,NULL,NULL,NULL,NULL,'If Bakhmut falls, the road opens.',0,33,3,10,'narration','unknown',0,NULL,'settlement','exact',1.0,'stand-in');
INSERT INTO "reports" VALUES('8dafc991914902c9','d8f6bc4a1000b968ac3330e096ffc1bb00cd27cec7ea58ff18179575147a8aaa','gn:706483','Kharkiv',49.9808,36.2527,'strike','RU','asserted',NULL,NULL,NULL,NULL,NULL,NULL,'Russian forces shelled Kharkiv.',33,65,57,64,'narration','unknown',0,NULL,'settlement','exact',1.0,'stand-in');
INSERT INTO "reports" VALUES('04a128f01acd1a70','f8ece2cf4d63fcb59025edc0ecba4aac018b4826a7ddad79ae125d31cb56bcf1','gn:706448','Kherson',46.6558,32.6178,'fighting','unknown','asserted','2023-01-05','2023-01-05','2023-01-05','day','date-line','date 2023-01-05','date 2023-01-05 Fighting in Kherson.',0,36,28,35,'narration','unknown',0,NULL,'settlement','exact',1.0,'stand-in');
INSERT INTO "reports" VALUES('ba4f3ccb2070759c','f8ece2cf4d63fcb59025edc0ecba4aac018b4826a7ddad79ae125d31cb56bcf1','gn:712451','Bakhmut',48.5953,38.0003,'fighting','RU','asserted','2023-01-05','2023-01-05','2023-01-05','day','date-line','date 2023-01-05','Russian forces controlled about 70% of Bakhmut.',36,84,76,83,'narration','unknown',0,70.0,'settlement','exact',1.0,'stand-in');
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO "schema_version" VALUES(1);
CREATE INDEX articles_pub ON articles(pub_best);
CREATE INDEX places_name ON places(name COLLATE NOCASE);
CREATE INDEX mentions_place ON mentions(place_id);
CREATE INDEX reports_date ON reports(date_best);
CREATE INDEX reports_place ON reports(place_id, date_best);
CREATE INDEX reports_kind ON reports(kind, date_best);
CREATE INDEX reports_article ON reports(article_id);
CREATE INDEX reports_lonlat ON reports(lon, lat);
COMMIT;
