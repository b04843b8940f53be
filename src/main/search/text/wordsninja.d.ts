// Types for wordsninja 1.1 (plain CommonJS, ships none): the parts PhotoHouse uses.
declare module 'wordsninja' {
  export default class WordsNinja {
    /** Fills the (module-wide) word cost table from the bundled list; the work is done before it returns. */
    loadDictionary(): Promise<Record<string, number>>
    /** The most probable run of dictionary words that spells `text` (letters, digits and apostrophes). */
    splitSentence(text: string, options?: { camelCaseSplitter?: boolean; capitalizeFirstLetter?: boolean; joinWords?: false }): string[]
  }
}
