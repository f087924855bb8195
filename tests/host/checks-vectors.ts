// The check vectors (tests/vectors/checks.json) as the node suites read them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { Checks } from "../../host/api/checks";

export interface CheckVector {
  kind: "pan" | "id" | "phone" | "name" | "expiry" | "track2";
  value: string;
  now?: string;
  reason: string;
  offset?: number;
  normalised?: string;
  masked?: string;
  scheme?: string;
  sex?: string;
  birthDate?: string;
  pan?: string;
  panReason?: string;
  expiry?: string;
  expiryReason?: string;
  serviceCode?: string;
  source: string;
}

/** The clock a vector is checked against when it names none. */
export const DEFAULT_NOW = "2026-01-01";

export function loadCheckVectors(): CheckVector[] {
  return JSON.parse(readFileSync(join(projectRoot(), "tests/vectors/checks.json"), "utf8")).vectors;
}

/** The vector's expectations that a result must meet: valid, plus only the keys the vector states. */
export function expectations(v: CheckVector): Record<string, unknown> {
  const { kind: _kind, value: _value, now: _now, source: _source, ...stated } = v;
  return { valid: v.reason === "ok", ...stated };
}

/** What the typed wrapper returns for a vector. */
export function runVector(c: Checks, v: CheckVector): Record<string, unknown> {
  const now = v.now ?? DEFAULT_NOW;
  switch (v.kind) {
    case "pan": return { ...c.pan(v.value) };
    case "id": return { ...c.idNumber(v.value, now) };
    case "phone": return { ...c.phone(v.value) };
    case "name": return { ...c.name(v.value) };
    case "expiry": return { ...c.expiry(v.value, now) };
    case "track2": return { ...c.track2(v.value, now) };
  }
}
