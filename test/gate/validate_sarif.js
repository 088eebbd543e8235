// validate_sarif.js NPM_DIR LOG.sarif...: validate each SARIF log against the
// official SARIF 2.1.0 JSON schema with ajv (both installed into NPM_DIR by
// scripts/sarif-validator.sh). Exit 0 when every log is valid; otherwise print
// each schema violation and exit 1.
'use strict';
const fs = require('fs');
const path = require('path');

const npmDir = process.argv[2];
const modules = path.join(npmDir, 'node_modules');
const Ajv = require(path.join(modules, 'ajv'));
const schemaPath = path.join(modules, '@microsoft', 'jest-sarif', 'lib', 'schemas',
                             'sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));

// The schema is draft-04 (it says "id", not "$id"); check every format.
const ajv = new Ajv({schemaId: 'auto', allErrors: true, format: 'full'});
ajv.addMetaSchema(require(path.join(modules, 'ajv', 'lib', 'refs', 'json-schema-draft-04.json')));
const validate = ajv.compile(schema);
console.log('schema: ' + schema.title);

let failed = false;
for (const file of process.argv.slice(3)) {
  let log;
  try {
    log = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    console.log('invalid: ' + file + ': not JSON: ' + error.message);
    failed = true;
    continue;
  }
  if (validate(log)) {
    console.log('valid: ' + path.basename(file));
  } else {
    failed = true;
    for (const error of validate.errors)
      console.log('invalid: ' + path.basename(file) + ': ' + (error.dataPath || '/') + ' ' +
                  error.message + ' ' + JSON.stringify(error.params));
  }
}
process.exit(failed ? 1 : 0);
