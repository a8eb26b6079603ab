import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { ignoredServiceKeys, unsupportedServiceKey, unsupportedTopLevelKey } from '../../src/compose/composeKeys.js';
import { FILE_KEY_TABLE, SERVICE_KEY_TABLE, withComposeTable } from '../../src/compose/keyTable.js';
import { decodedServiceKeys } from '../../src/compose/serviceModel.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const keysTreated = (treatment: string) => Object.entries(SERVICE_KEY_TABLE).filter(([, [t]]) => t === treatment).map(([key]) => key).sort();

describe("the README's compose table", () => {
  it('is the table generated from the code (npx tsx scripts/compose-table.ts rewrites it)', () => {
    expect(readme).to.contain('<!-- compose-table:start -->');
    expect(withComposeTable(readme), 'README.md is stale: run npx tsx scripts/compose-table.ts').to.equal(readme);
  });

  it('lists all 92 service keys of the compose-spec schema, each with one treatment', () => {
    expect(Object.keys(SERVICE_KEY_TABLE)).to.have.length(92);
  });

  it('says ignored exactly for the keys the codec drops with a warning', () => {
    expect(keysTreated('ignore')).to.deep.equal(Object.keys(ignoredServiceKeys).sort());
  });

  it('says refused exactly for the keys the codec refuses', () => {
    expect(keysTreated('refuse')).to.deep.equal(Object.keys(unsupportedServiceKey).sort());
    expect(Object.keys(unsupportedTopLevelKey).every((key) => FILE_KEY_TABLE[key]?.[0] === 'refuse')).to.equal(true);
  });

  it('says run, rewritten or behind the policy exactly for the keys the codec decodes', () => {
    const decoded = decodedServiceKeys.filter((key) => !key.startsWith('x-')).sort();
    expect([...keysTreated('run'), ...keysTreated('rewrite'), ...keysTreated('policy')].sort()).to.deep.equal(decoded);
  });
});
