// `node tools/mutate/summary.mjs [folder...] [--survivors]`: the figures of
// MUTATION.md's tables from reports/mutation/<folder>/mutation.json (written by
// `npm run mutate`), and with --survivors every surviving or uncovered mutant,
// file by file, to read beside the HTML report.
import fs from 'node:fs';

const FOLDERS = ['rules', 'model', 'generate', 'flow'];
const args = process.argv.slice(2);
const survivors = args.includes('--survivors');
const folders = args.filter((a) => !a.startsWith('-'));

console.log(
  '| folder | mutants | killed | survived | timeout | no coverage | ignored | score (covered) |',
);
console.log('| --- | --: | --: | --: | --: | --: | --: | --: |');
const lists = [];
for (const folder of folders.length > 0 ? folders : FOLDERS) {
  const file = `reports/mutation/${folder}/mutation.json`;
  if (!fs.existsSync(file)) {
    console.log(`| ${folder} | not run | | | | | | |`);
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const count = {};
  for (const [name, { mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      count[mutant.status] = (count[mutant.status] ?? 0) + 1;
      if (survivors && (mutant.status === 'Survived' || mutant.status === 'NoCoverage'))
        lists.push(
          `${name}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.status} ${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '')}`,
        );
    }
  }
  const n = (status) => count[status] ?? 0;
  const all = Object.values(count).reduce((a, b) => a + b, 0);
  const detected = n('Killed') + n('Timeout');
  const valid = detected + n('Survived') + n('NoCoverage');
  const covered = detected + n('Survived');
  const score = valid === 0 ? 0 : (100 * detected) / valid;
  const scoreCovered = covered === 0 ? 0 : (100 * detected) / covered;
  console.log(
    `| ${folder} | ${all} | ${n('Killed')} | ${n('Survived')} | ${n('Timeout')} | ${n('NoCoverage')} | ${n('Ignored')} | ${score.toFixed(1)} % (${scoreCovered.toFixed(1)} %) |`,
  );
}
if (survivors) console.log(`\n${lists.join('\n')}`);
