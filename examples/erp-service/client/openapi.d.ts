/** Generated from the service's OpenAPI document by `npm run generate:erp-client`: do not edit. */
export interface paths {
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{sku}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One item */
        get: operations["getItem"];
        /** Define or redefine an item */
        put: operations["putItem"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every item */
        get: operations["listItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations/{location}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One location */
        get: operations["getLocation"];
        /** Define a location (the id may contain `/`, raw or as %2F) */
        put: operations["putLocation"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Locations, optionally of a subtree */
        get: operations["listLocations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/movements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Movements in store order */
        get: operations["listMovements"];
        put?: never;
        /** Post a movement; the Idempotency-Key header becomes its id (required unless the body has an id) */
        post: operations["postMovement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/movements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One movement */
        get: operations["getMovement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/balances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Balances, optionally as of a business time */
        get: operations["listBalances"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/on-hand": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The quantity of a key */
        get: operations["getOnHand"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Count sessions */
        get: operations["listCounts"];
        put?: never;
        /** Open a count session */
        post: operations["openCount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One count session with its tasks */
        get: operations["getCount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/tasks/{taskId}/sheet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A counter's sheet: locations in walking order */
        get: operations["getSheet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every entry of the session in store order */
        get: operations["listEntries"];
        put?: never;
        /** Record a batch of entries (idempotent by entryId); one result per entry */
        post: operations["recordEntries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/voids": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void an entry (appends a voiding entry) */
        post: operations["voidEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/locations/{location}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a location complete (the id may contain `/`, raw or as %2F) */
        post: operations["completeLocation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/locations/{location}/exclude": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exclude a location with a reason (the id may contain `/`, raw or as %2F) */
        post: operations["excludeLocation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review as the session stands; a safe read that changes nothing */
        get: operations["getReview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/close-round": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close the current round once every location is complete or excluded: lines that need it get recount tasks, otherwise the session moves to reviewing */
        post: operations["closeRound"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the current review */
        post: operations["approveCount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/post": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Post an approved session (atomic, idempotent) */
        post: operations["postCount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The session report: variances with attributions, reasons, people and posted movements */
        get: operations["getCountReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counting metrics over a period: record accuracy, variance rate by value, shrinkage, coverage, counters, risk, slow and dead stock (the last 30 days when the query names no period) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A token that opens /events for 60 s, for EventSource (which cannot send headers) */
        post: operations["issueEventToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-sent events from the durable event feed: ready, movement.posted, count.variance, each with its feed cursor as the event id; a reconnect with Last-Event-ID (or ?lastEventId=) gets every event after it; authenticate with a bearer token or ?access_token=<event token> */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/locations/{location}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A supervisor reopens a location completed or excluded by mistake (not their own mark); its entries stay */
        post: operations["reopenLocation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/count-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The printed count list: numbered lines per task and location; book quantities only when the count is not blind */
        get: operations["getCountList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/counts/{id}/journal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The journal of a posted count: a debit and a credit per adjustment, amounts as decimal strings */
        post: operations["getJournal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description RFC 9457 problem details with the stocktake error code, its type and the path of the bad field */
        Problem: {
            /** @description urn:stocktake:error:<code> */
            type: string;
            title: string;
            status: number;
            detail: string;
            /** @description The stable error code, e.g. invalid_input, session_not_found, insufficient_stock */
            code: string;
            /** @enum {string} */
            errorType: "invalid_input" | "not_found" | "conflict" | "not_allowed" | "storage" | "unauthenticated" | "limit" | "internal";
            path: (string | number)[];
            errors?: {
                path?: (string | number)[];
                message?: string;
            }[];
            details?: Record<string, never>;
        };
        ItemInput: {
            sku?: string;
            name?: string;
            baseUom: string;
            decimals?: number;
            gtin?: string;
            /** @default [] */
            packs?: {
                uom: string;
                factor: string;
                gtin?: string;
            }[];
            /**
             * @default none
             * @enum {string}
             */
            tracking?: "none" | "lot" | "serial";
            unitCost?: string;
            /** @enum {string} */
            abcClass?: "A" | "B" | "C";
            /** @default [] */
            lookAlikes?: string[];
            /** @default false */
            allowNegative?: boolean;
            actor?: string;
        };
        LocationInput: {
            id?: string;
            name?: string;
            /** @enum {string} */
            kind?: "warehouse" | "zone" | "aisle" | "bin" | "other";
            actor?: string;
        };
        MovementInput: {
            id?: string;
            /** @enum {string} */
            kind: "receipt" | "issue" | "transfer" | "adjustment";
            occurredAt?: unknown | string;
            actor?: string;
            reference?: string;
            reason?: string;
            override?: {
                reason: string;
            };
            lines: {
                sku: string;
                from?: string;
                to?: string;
                qty: string;
                uom?: string;
                lot?: string;
                serial?: string;
            }[];
        };
        OpenCountInput: {
            id?: string;
            name?: string;
            scope: {
                locations?: string[];
                skus?: string[];
                abcClasses?: ("A" | "B" | "C")[];
                keys?: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                }[];
            };
            /**
             * @default full
             * @enum {string}
             */
            mode?: "full" | "cycle" | "spot";
            /**
             * @default regular
             * @enum {string}
             */
            purpose?: "regular" | "baseline";
            /** @default true */
            blind?: boolean;
            /**
             * @default live
             * @enum {string}
             */
            movementPolicy?: "live" | "freeze";
            /**
             * @default auto
             * @enum {string}
             */
            recount?: "auto" | "manual";
            /** @default 3 */
            maxRounds?: number;
            tolerance?: {
                qty?: string;
                percent?: string;
                value?: string;
            };
            /**
             * @default {
             *       "by": "zone",
             *       "depth": 2
             *     }
             */
            tasks?: {
                /** @constant */
                by: "zone";
                /** @default 2 */
                depth?: number;
            } | {
                /** @constant */
                by: "balanced";
                count: number;
            };
            /** @default [] */
            counters?: string[];
            /** @default {} */
            teams?: {
                [key: string]: string[];
            };
            /** @default false */
            draft?: boolean;
            sample?: {
                /** @constant */
                method: "stratified";
                /** @constant */
                version: 1;
                seed: number | string;
                decimals: number;
                population: {
                    keys: number;
                    bookValue: string;
                    zeroValueKeys: number;
                    negativeValueKeys: number;
                };
                tolerableError: string;
                expectedError: string;
                sampleSize: number;
                keysToCount: number;
                derivation: {
                    formula: string;
                    values: {
                        [key: string]: string;
                    };
                    steps: string[];
                };
                strata: {
                    id: string;
                    /** @enum {string} */
                    kind: "census" | "sampled" | "unsampled";
                    lowerBound: string;
                    upperBound: string;
                    keys: number;
                    bookValue: string;
                    sampleSize: number;
                    planningSd?: string;
                }[];
                sample: {
                    key: {
                        sku: string;
                        location: string;
                        lot?: string;
                        serial?: string;
                    };
                    stratum: string;
                    bookValue: string;
                    bookQty?: string;
                    unitCost?: string;
                    inclusionProbability: number;
                    hits?: number;
                }[];
                confidence: number;
                /** @enum {string} */
                estimator: "mpu" | "difference" | "ratio";
                incorrectRejectionRisk: number;
                topStratumThreshold?: string;
            } | {
                /** @constant */
                method: "mus";
                /** @constant */
                version: 1;
                seed: number | string;
                decimals: number;
                population: {
                    keys: number;
                    bookValue: string;
                    zeroValueKeys: number;
                    negativeValueKeys: number;
                };
                tolerableError: string;
                expectedError: string;
                sampleSize: number;
                keysToCount: number;
                derivation: {
                    formula: string;
                    values: {
                        [key: string]: string;
                    };
                    steps: string[];
                };
                strata: {
                    id: string;
                    /** @enum {string} */
                    kind: "census" | "sampled" | "unsampled";
                    lowerBound: string;
                    upperBound: string;
                    keys: number;
                    bookValue: string;
                    sampleSize: number;
                    planningSd?: string;
                }[];
                sample: {
                    key: {
                        sku: string;
                        location: string;
                        lot?: string;
                        serial?: string;
                    };
                    stratum: string;
                    bookValue: string;
                    bookQty?: string;
                    unitCost?: string;
                    inclusionProbability: number;
                    hits?: number;
                }[];
                confidence: number;
                mus: {
                    interval: string;
                    start: string;
                    bookValue: string;
                    confidenceFactor: string;
                    expansionFactor: string;
                };
            };
            actor?: string;
        };
        RecordEntryInput: {
            entryId: string;
            key?: {
                sku: string;
                location: string;
                lot?: string;
                serial?: string;
            };
            sku?: string;
            location?: string;
            lot?: string;
            serial?: string;
            /** Format: date */
            expiry?: string;
            qty: string;
            uom?: string;
            countedAt: unknown | string;
            counter: string;
            device?: string;
            task?: string;
            evidence?: string[];
            source?: {
                eventId: string;
                raw: string;
                symbology?: string;
            };
            note?: string;
        };
        /** @description Count entries in the order they were observed; each is recorded on its own (idempotent by entryId). */
        EntriesBatch: {
            entries: {
                entryId: string;
                key?: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                };
                sku?: string;
                location?: string;
                lot?: string;
                serial?: string;
                /** Format: date */
                expiry?: string;
                qty: string;
                uom?: string;
                countedAt: unknown | string;
                counter?: string;
                device?: string;
                task?: string;
                evidence?: string[];
                source?: {
                    eventId: string;
                    raw: string;
                    symbology?: string;
                };
                note?: string;
            }[];
        };
        VoidEntryInput: {
            entryId: string;
            target: string;
            reason: string;
            actor?: string;
            at?: unknown | string;
        };
        CompleteLocationInput: {
            actor?: string;
            at?: unknown | string;
        };
        ExcludeLocationInput: {
            actor?: string;
            reason: string;
            at?: unknown | string;
        };
        ApproveInput: {
            actor?: string;
            reasons?: {
                key: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                };
                code: string;
            }[];
            note?: string;
        };
        PostCountInput: {
            actor?: string;
        };
        /** @description Who closes the round; the authenticated actor when omitted. */
        CloseRoundInput: {
            actor?: string;
        };
        ReopenLocationInput: {
            actor: string;
            reason: string;
            at?: unknown | string;
        };
        JournalOptions: {
            accounts: {
                inventory: string;
                adjustments: {
                    default: string;
                    byReason?: {
                        [key: string]: string;
                    };
                };
            };
            currency: string;
            /** @default 2 */
            decimals?: number;
        };
        Health: {
            ok: boolean;
        };
        Item: {
            sku: string;
            name?: string;
            baseUom: string;
            decimals: number;
            gtin?: string;
            packs: {
                uom: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                factor: string;
                gtin?: string;
            }[];
            /** @enum {string} */
            tracking: "none" | "lot" | "serial";
            /** @description A decimal number as a string, e.g. "12.5" */
            unitCost?: string;
            /** @enum {string} */
            abcClass?: "A" | "B" | "C";
            lookAlikes: string[];
            allowNegative: boolean;
        };
        Items: {
            sku: string;
            name?: string;
            baseUom: string;
            decimals: number;
            gtin?: string;
            packs: {
                uom: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                factor: string;
                gtin?: string;
            }[];
            /** @enum {string} */
            tracking: "none" | "lot" | "serial";
            /** @description A decimal number as a string, e.g. "12.5" */
            unitCost?: string;
            /** @enum {string} */
            abcClass?: "A" | "B" | "C";
            lookAlikes: string[];
            allowNegative: boolean;
        }[];
        Location: {
            id: string;
            name?: string;
            /** @enum {string} */
            kind?: "warehouse" | "zone" | "aisle" | "bin" | "other";
        };
        Locations: {
            id: string;
            name?: string;
            /** @enum {string} */
            kind?: "warehouse" | "zone" | "aisle" | "bin" | "other";
        }[];
        PostResult: {
            id: string;
            /** @enum {string} */
            result: "created" | "exists";
            movement: {
                id: string;
                seq: number;
                kind: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                occurredAt: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                recordedAt: string;
                actor: string;
                reference?: string;
                reason?: string;
                reasonCode?: string;
                override?: {
                    reason: string;
                };
                sessionId?: string;
                lines: {
                    sku: string;
                    from?: string;
                    to?: string;
                    /** @description A decimal number as a string, e.g. "12.5" */
                    qty: string;
                    lot?: string;
                    serial?: string;
                    /** @description A decimal number as a string, e.g. "12.5" */
                    enteredQty?: string;
                    enteredUom?: string;
                    /** @description The unit cost a count adjustment was valued at */
                    unitCost?: string;
                }[];
            };
        };
        Movement: {
            id: string;
            seq: number;
            kind: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            occurredAt: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            recordedAt: string;
            actor: string;
            reference?: string;
            reason?: string;
            reasonCode?: string;
            override?: {
                reason: string;
            };
            sessionId?: string;
            lines: {
                sku: string;
                from?: string;
                to?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                qty: string;
                lot?: string;
                serial?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                enteredQty?: string;
                enteredUom?: string;
                /** @description The unit cost a count adjustment was valued at */
                unitCost?: string;
            }[];
        };
        Movements: {
            id: string;
            seq: number;
            kind: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            occurredAt: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            recordedAt: string;
            actor: string;
            reference?: string;
            reason?: string;
            reasonCode?: string;
            override?: {
                reason: string;
            };
            sessionId?: string;
            lines: {
                sku: string;
                from?: string;
                to?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                qty: string;
                lot?: string;
                serial?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                enteredQty?: string;
                enteredUom?: string;
                /** @description The unit cost a count adjustment was valued at */
                unitCost?: string;
            }[];
        }[];
        Balances: {
            key: {
                sku: string;
                location: string;
                lot?: string;
                serial?: string;
            };
            /** @description A decimal number as a string, e.g. "12.5" */
            qty: string;
            version: number;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            lastOccurredAt: string;
        }[];
        OnHand: {
            sku: string;
            location: string;
            lot?: string;
            serial?: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            asOf?: string;
            /** @description A decimal number as a string, e.g. "12.5" */
            qty: string;
        };
        Session: {
            id: string;
            version: number;
            /** @enum {string} */
            state: "draft" | "counting" | "reviewing" | "approved" | "posted" | "cancelled";
            /** @enum {string} */
            mode: "full" | "cycle" | "spot";
            /** @enum {string} */
            purpose: "regular" | "baseline";
            scope: {
                [key: string]: unknown;
            };
            blind: boolean;
            /** @enum {string} */
            movementPolicy: "live" | "freeze";
            /** @enum {string} */
            recount: "auto" | "manual";
            maxRounds: number;
            tolerance?: {
                [key: string]: unknown;
            };
            name?: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            openedAt: string;
            openedBy: string;
            counters: string[];
            teams: {
                [key: string]: string[];
            };
            split: {
                [key: string]: unknown;
            };
            round: number;
            tasks: {
                id: string;
                round: number;
                locations: string[];
                keys?: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                }[];
                assignee?: string;
                excludedCounters: string[];
            }[];
            overrides: {
                [key: string]: unknown;
            }[];
            decisions: {
                [key: string]: {
                    [key: string]: unknown;
                }[];
            };
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            reviewStartedAt?: string;
            approval?: {
                actor: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                at: string;
                reasons: {
                    [key: string]: string;
                };
            };
            posting?: {
                actor: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                at: string;
                movementIds: string[];
                confirmations: number;
            };
            cancellation?: {
                actor: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                at: string;
                reason: string;
            };
            sample?: {
                [key: string]: unknown;
            };
        };
        Sessions: {
            id: string;
            version: number;
            /** @enum {string} */
            state: "draft" | "counting" | "reviewing" | "approved" | "posted" | "cancelled";
            /** @enum {string} */
            mode: "full" | "cycle" | "spot";
            /** @enum {string} */
            purpose: "regular" | "baseline";
            scope: {
                [key: string]: unknown;
            };
            blind: boolean;
            /** @enum {string} */
            movementPolicy: "live" | "freeze";
            /** @enum {string} */
            recount: "auto" | "manual";
            maxRounds: number;
            tolerance?: {
                [key: string]: unknown;
            };
            name?: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            openedAt: string;
            openedBy: string;
            counters: string[];
            teams: {
                [key: string]: string[];
            };
            split: {
                [key: string]: unknown;
            };
            round: number;
            tasks: {
                id: string;
                round: number;
                locations: string[];
                keys?: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                }[];
                assignee?: string;
                excludedCounters: string[];
            }[];
            overrides: {
                [key: string]: unknown;
            }[];
            decisions: {
                [key: string]: {
                    [key: string]: unknown;
                }[];
            };
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            reviewStartedAt?: string;
            approval?: {
                actor: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                at: string;
                reasons: {
                    [key: string]: string;
                };
            };
            posting?: {
                actor: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                at: string;
                movementIds: string[];
                confirmations: number;
            };
            cancellation?: {
                actor: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                at: string;
                reason: string;
            };
            sample?: {
                [key: string]: unknown;
            };
        }[];
        Sheet: {
            sessionId: string;
            task: {
                id: string;
                round: number;
                locations: string[];
                keys?: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                }[];
                assignee?: string;
                excludedCounters: string[];
            };
            blind: boolean;
            locations: {
                location: string;
                done: boolean;
                keys: {
                    key: {
                        sku: string;
                        location: string;
                        lot?: string;
                        serial?: string;
                    };
                    name?: string;
                    uom: string;
                    /** @description A decimal number as a string, e.g. "12.5" */
                    bookQty?: string;
                }[];
            }[];
        };
        BatchResult: {
            results: {
                index: number;
                entryId?: string;
                /** @enum {string} */
                result: "created" | "exists" | "voided" | "exists_with_different_payload" | "error";
                entry?: {
                    sessionId: string;
                    entryId: string;
                    seq: number;
                    /** @enum {string} */
                    kind: "count" | "void" | "accept";
                    key?: {
                        sku: string;
                        location: string;
                        lot?: string;
                        serial?: string;
                    };
                    expiry?: string;
                    /** @description A decimal number as a string, e.g. "12.5" */
                    qty?: string;
                    /** @description A decimal number as a string, e.g. "12.5" */
                    enteredQty?: string;
                    enteredUom?: string;
                    /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                    countedAt: string;
                    counter: string;
                    device?: string;
                    taskId?: string;
                    round: number;
                    evidence?: string[];
                    target?: string;
                    reason?: string;
                    source?: {
                        eventId: string;
                        raw: string;
                        symbology?: string;
                    };
                    note?: string;
                    flags: ("outside_task" | "second_counter" | "duplicate_serial")[];
                    /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                    recordedAt: string;
                };
                voidedBy?: string;
                /** @description A problem document (see Problem) */
                problem?: {
                    [key: string]: unknown;
                };
            }[];
        };
        Entries: {
            sessionId: string;
            entryId: string;
            seq: number;
            /** @enum {string} */
            kind: "count" | "void" | "accept";
            key?: {
                sku: string;
                location: string;
                lot?: string;
                serial?: string;
            };
            expiry?: string;
            /** @description A decimal number as a string, e.g. "12.5" */
            qty?: string;
            /** @description A decimal number as a string, e.g. "12.5" */
            enteredQty?: string;
            enteredUom?: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            countedAt: string;
            counter: string;
            device?: string;
            taskId?: string;
            round: number;
            evidence?: string[];
            target?: string;
            reason?: string;
            source?: {
                eventId: string;
                raw: string;
                symbology?: string;
            };
            note?: string;
            flags: ("outside_task" | "second_counter" | "duplicate_serial")[];
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            recordedAt: string;
        }[];
        RecordResult: {
            entryId: string;
            /** @enum {string} */
            result: "created" | "exists" | "voided";
            entry?: {
                sessionId: string;
                entryId: string;
                seq: number;
                /** @enum {string} */
                kind: "count" | "void" | "accept";
                key?: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                };
                expiry?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                qty?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                enteredQty?: string;
                enteredUom?: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                countedAt: string;
                counter: string;
                device?: string;
                taskId?: string;
                round: number;
                evidence?: string[];
                target?: string;
                reason?: string;
                source?: {
                    eventId: string;
                    raw: string;
                    symbology?: string;
                };
                note?: string;
                flags: ("outside_task" | "second_counter" | "duplicate_serial")[];
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                recordedAt: string;
            };
            voidedBy?: string;
        };
        LocationMark: {
            sessionId: string;
            location: string;
            round: number;
            /** @enum {string} */
            status: "complete" | "excluded";
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            at: string;
            actor: string;
            reason?: string;
        };
        ReopenResult: {
            session: {
                id: string;
                version: number;
                /** @enum {string} */
                state: "draft" | "counting" | "reviewing" | "approved" | "posted" | "cancelled";
                /** @enum {string} */
                mode: "full" | "cycle" | "spot";
                /** @enum {string} */
                purpose: "regular" | "baseline";
                scope: {
                    [key: string]: unknown;
                };
                blind: boolean;
                /** @enum {string} */
                movementPolicy: "live" | "freeze";
                /** @enum {string} */
                recount: "auto" | "manual";
                maxRounds: number;
                tolerance?: {
                    [key: string]: unknown;
                };
                name?: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                openedAt: string;
                openedBy: string;
                counters: string[];
                teams: {
                    [key: string]: string[];
                };
                split: {
                    [key: string]: unknown;
                };
                round: number;
                tasks: {
                    id: string;
                    round: number;
                    locations: string[];
                    keys?: {
                        sku: string;
                        location: string;
                        lot?: string;
                        serial?: string;
                    }[];
                    assignee?: string;
                    excludedCounters: string[];
                }[];
                overrides: {
                    [key: string]: unknown;
                }[];
                decisions: {
                    [key: string]: {
                        [key: string]: unknown;
                    }[];
                };
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                reviewStartedAt?: string;
                approval?: {
                    actor: string;
                    /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                    at: string;
                    reasons: {
                        [key: string]: string;
                    };
                };
                posting?: {
                    actor: string;
                    /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                    at: string;
                    movementIds: string[];
                    confirmations: number;
                };
                cancellation?: {
                    actor: string;
                    /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                    at: string;
                    reason: string;
                };
                sample?: {
                    [key: string]: unknown;
                };
            };
            reopened: {
                sessionId: string;
                location: string;
                round: number;
                /** @enum {string} */
                status: "complete" | "excluded";
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                at: string;
                actor: string;
                reason?: string;
            };
        };
        Journal: {
            sessionId: string;
            currency: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            postedAt: string;
            entries: {
                movementId: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                occurredAt: string;
                sku: string;
                location: string;
                lot?: string;
                serial?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                qty: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                unitCost: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                amount: string;
                reasonCode?: string;
                lines: [
                    {
                        account: string;
                        /** @description A decimal number as a string, e.g. "12.5" */
                        debit: string;
                        /** @description A decimal number as a string, e.g. "12.5" */
                        credit: string;
                    },
                    {
                        account: string;
                        /** @description A decimal number as a string, e.g. "12.5" */
                        debit: string;
                        /** @description A decimal number as a string, e.g. "12.5" */
                        credit: string;
                    }
                ];
            }[];
            totals: {
                /** @description A decimal number as a string, e.g. "12.5" */
                debit: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                credit: string;
            };
        };
        Review: {
            sessionId: string;
            /** @enum {string} */
            state: "draft" | "counting" | "reviewing" | "approved" | "posted" | "cancelled";
            round: number;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            reviewedAt: string;
            lines: ({
                key: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                };
                sku: string;
                location: string;
                lot?: string;
                serial?: string;
                uom: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                bookAtOpen: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                expected: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                counted: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                variance: string;
                variancePercent: string | null;
                /** @description A decimal number as a string, e.g. "12.5" */
                varianceValue: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                unitCost: string;
                round: number;
                status: string;
                counters: string[];
                asserters: string[];
                proposedReason?: string;
            } & {
                [key: string]: unknown;
            })[];
            summary: {
                byStatus: {
                    [key: string]: number;
                };
                lines: number;
                /** @description A decimal number as a string, e.g. "12.5" */
                netValue: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                absoluteValue: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                expectedValue: string;
            };
            openLocations: string[];
            excludedLocations: {
                location: string;
                reason: string;
            }[];
            conflicts: {
                sessionId: string;
                entryId: string;
                seq: number;
                /** @enum {string} */
                kind: "count" | "void" | "accept";
                key?: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                };
                expiry?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                qty?: string;
                /** @description A decimal number as a string, e.g. "12.5" */
                enteredQty?: string;
                enteredUom?: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                countedAt: string;
                counter: string;
                device?: string;
                taskId?: string;
                round: number;
                evidence?: string[];
                target?: string;
                reason?: string;
                source?: {
                    eventId: string;
                    raw: string;
                    symbology?: string;
                };
                note?: string;
                flags: ("outside_task" | "second_counter" | "duplicate_serial")[];
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                recordedAt: string;
            }[];
            recountTasks: {
                id: string;
                round: number;
                locations: string[];
                keys?: {
                    sku: string;
                    location: string;
                    lot?: string;
                    serial?: string;
                }[];
                assignee?: string;
                excludedCounters: string[];
            }[];
        };
        PostCountResult: {
            session: {
                id: string;
                version: number;
                /** @enum {string} */
                state: "draft" | "counting" | "reviewing" | "approved" | "posted" | "cancelled";
                /** @enum {string} */
                mode: "full" | "cycle" | "spot";
                /** @enum {string} */
                purpose: "regular" | "baseline";
                scope: {
                    [key: string]: unknown;
                };
                blind: boolean;
                /** @enum {string} */
                movementPolicy: "live" | "freeze";
                /** @enum {string} */
                recount: "auto" | "manual";
                maxRounds: number;
                tolerance?: {
                    [key: string]: unknown;
                };
                name?: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                openedAt: string;
                openedBy: string;
                counters: string[];
                teams: {
                    [key: string]: string[];
                };
                split: {
                    [key: string]: unknown;
                };
                round: number;
                tasks: {
                    id: string;
                    round: number;
                    locations: string[];
                    keys?: {
                        sku: string;
                        location: string;
                        lot?: string;
                        serial?: string;
                    }[];
                    assignee?: string;
                    excludedCounters: string[];
                }[];
                overrides: {
                    [key: string]: unknown;
                }[];
                decisions: {
                    [key: string]: {
                        [key: string]: unknown;
                    }[];
                };
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                reviewStartedAt?: string;
                approval?: {
                    actor: string;
                    /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                    at: string;
                    reasons: {
                        [key: string]: string;
                    };
                };
                posting?: {
                    actor: string;
                    /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                    at: string;
                    movementIds: string[];
                    confirmations: number;
                };
                cancellation?: {
                    actor: string;
                    /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                    at: string;
                    reason: string;
                };
                sample?: {
                    [key: string]: unknown;
                };
            };
            movements: {
                id: string;
                seq: number;
                kind: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                occurredAt: string;
                /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
                recordedAt: string;
                actor: string;
                reference?: string;
                reason?: string;
                reasonCode?: string;
                override?: {
                    reason: string;
                };
                sessionId?: string;
                lines: {
                    sku: string;
                    from?: string;
                    to?: string;
                    /** @description A decimal number as a string, e.g. "12.5" */
                    qty: string;
                    lot?: string;
                    serial?: string;
                    /** @description A decimal number as a string, e.g. "12.5" */
                    enteredQty?: string;
                    enteredUom?: string;
                    /** @description The unit cost a count adjustment was valued at */
                    unitCost?: string;
                }[];
            }[];
            confirmations: number;
            created: boolean;
        };
        /** @description The session report (counts.report as JSON) */
        Report: {
            [key: string]: unknown;
        };
        Metrics: {
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            from: string;
            /** @description An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z */
            to: string;
            groupBy: {
                [key: string]: unknown;
            };
            groups: {
                [key: string]: unknown;
            }[];
            total: {
                [key: string]: unknown;
            };
        };
        EventToken: {
            token: string;
            /** @description Seconds */
            expiresIn: number;
        };
        OpenApiDocument: {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Item"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sku: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ItemInput"];
            };
        };
        responses: {
            /** @description The item */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Item"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but refused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listItems: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The items */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Items"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                location: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The location */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Location"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                location: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LocationInput"];
            };
        };
        responses: {
            /** @description The location */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Location"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLocations: {
        parameters: {
            query?: {
                subtree?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The locations in walking order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Locations"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMovements: {
        parameters: {
            query?: {
                sku?: string;
                location?: string;
                afterSeq?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The movements */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Movements"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postMovement: {
        parameters: {
            query?: never;
            header?: {
                /** @description Becomes the movement id; required unless the body has an "id" (a body id that differs is a 400) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MovementInput"];
            };
        };
        responses: {
            /** @description The same movement was posted before (Idempotent-Replayed: true) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostResult"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostResult"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but refused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMovement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The movement */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Movement"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBalances: {
        parameters: {
            query?: {
                sku?: string;
                location?: string;
                lot?: string;
                asOf?: unknown | string;
                includeZero?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The balances */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Balances"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOnHand: {
        parameters: {
            query: {
                sku: string;
                location: string;
                lot?: string;
                serial?: string;
                asOf?: unknown | string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key and its quantity */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OnHand"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCounts: {
        parameters: {
            query?: {
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sessions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sessions"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openCount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenCountInput"];
            };
        };
        responses: {
            /** @description The session */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSheet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                taskId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sheet (blind: no book quantities) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sheet"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEntries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Entries"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordEntries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EntriesBatch"];
            };
        };
        responses: {
            /** @description One result per entry: created, exists, exists_with_different_payload or error (with a problem) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResult"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    voidEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VoidEntryInput"];
            };
        };
        responses: {
            /** @description Voided before */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordResult"];
                };
            };
            /** @description Voided */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordResult"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                location: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteLocationInput"];
            };
        };
        responses: {
            /** @description The mark */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationMark"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    excludeLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                location: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExcludeLocationInput"];
            };
        };
        responses: {
            /** @description The mark */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationMark"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The review */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Review"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    closeRound: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CloseRoundInput"];
            };
        };
        responses: {
            /** @description The review after closing (recountTasks lists the tasks it opened) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Review"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approveCount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApproveInput"];
            };
        };
        responses: {
            /** @description The session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostCountInput"];
            };
        };
        responses: {
            /** @description Posted before */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostCountResult"];
                };
            };
            /** @description Posted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostCountResult"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCountReport: {
        parameters: {
            query?: {
                format?: "json" | "csv" | "markdown" | "html";
                locale?: "en" | "zh-CN";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report as JSON, CSV (text/csv) or Markdown (text/markdown) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Report"];
                    "text/csv": string;
                    "text/markdown": string;
                    "text/html": string;
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: {
                from?: unknown | string;
                to?: unknown | string;
                by?: "all" | "item" | "abcClass" | "counter" | "location";
                depth?: number;
                subtree?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics, per group */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Metrics"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    issueEventToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description { token, expiresIn } */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventToken"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many event streams for this user */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reopenLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                location: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReopenLocationInput"];
            };
        };
        responses: {
            /** @description { session, reopened }: the session and the removed mark */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReopenResult"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCountList: {
        parameters: {
            query: {
                taskId?: string;
                format: "csv" | "markdown" | "html";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The list as CSV (text/csv), Markdown (text/markdown) or A4 HTML (text/html) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "text/markdown": string;
                    "text/html": string;
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJournal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JournalOptions"];
            };
        };
        responses: {
            /** @description The journal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Journal"];
                };
            };
            /** @description The request failed validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticated actor */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The actor may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the service accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The URL is longer than the service accepts */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage unavailable, or no event stream free */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
