// Keys made by the package (issue 7 §2): `createKeyFile` draws 32 bytes from
// `crypto.getRandomValues` (the core has no random source) and the core writes the key file;
// with a passphrase the file holds only the PBKDF2 salt, iterations and check value. A file made
// here pseudonymises an ID column in an analysis; a wrong passphrase is refused.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MadadError, analyzeFiles, createKeyFile } from "madad";
import { AS_OF } from "./helpers.mjs";

const WITH_IDS = "מזהה מתנדב,תאריך,שעות,מספר\n1,05/03/2024,2,039337423\n2,06/03/2024,1,123456782\n3,07/03/2024,1,011111119\n";
const input = () => ({ name: "ids.csv", bytes: new TextEncoder().encode(WITH_IDS) });
const analyse = (pseudonymKey) =>
  analyzeFiles([input()], {
    ingest: { asOf: AS_OF, identifiers: [{ column: "מספר", action: "pseudonymise" }], pseudonymKey },
  });

describe("createKeyFile", () => {
  test("a random key file: 64 hex digits, a fresh key each time", async () => {
    const a = await createKeyFile();
    const b = await createKeyFile();
    assert.equal(a.format, "madad-pseudonym-key");
    assert.equal(a.version, 1);
    assert.equal(a.source, "random");
    assert.match(a.key, /^[0-9a-f]{64}$/);
    assert.equal(a.kdf, null);
    assert.notEqual(a.key, b.key);
    assert.notEqual(a.check, b.check);
  });

  test("pseudonymises an ID column; without a key the read stops", async () => {
    const keyFile = await createKeyFile();
    const report = await analyse({ keyFile, passphrase: null });
    const ids = report.sources[0].identifiers;
    assert.deepEqual(
      ids.map((d) => [d.column, d.kind, d.action]),
      [["מספר", "israeliId", "pseudonymise"]],
    );
    assert.ok(!JSON.stringify(report).includes("039337423"), "no ID in clear");
    await assert.rejects(analyse(undefined), (e) => e instanceof MadadError && e.code === "key.required");
  });

  test("a passphrase file holds no key and needs its passphrase", async () => {
    const passphrase = "סיסמה ארוכה 2026";
    const keyFile = await createKeyFile({ passphrase });
    assert.equal(keyFile.source, "passphrase");
    assert.equal(keyFile.key, null);
    assert.equal(keyFile.kdf.algorithm, "pbkdf2-hmac-sha256");
    assert.equal(keyFile.kdf.iterations, 600000);
    assert.match(keyFile.kdf.salt, /^[0-9a-f]{32}$/, "a 16-byte random salt");
    await analyse({ keyFile, passphrase });
    await assert.rejects(
      analyse({ keyFile, passphrase: "סיסמה ארוכה 2025" }),
      (e) => e instanceof MadadError && e.code === "key.invalid" && e.params.reason === "key_check_mismatch",
    );
    await assert.rejects(createKeyFile({ passphrase: "" }), (e) => e instanceof MadadError && e.code === "key.invalid");
  });
});
