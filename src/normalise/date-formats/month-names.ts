// Month names as feeds write them: English as RFC 822 has them, and the languages feeds in the wild
// use in their place (feedparser reads Greek and Hungarian ones; European feeds write their own).
// Each list is January to December; each month has its full name(s) first, then abbreviations.

const MONTHS_BY_LANGUAGE: Record<string, string[][]> = {
  english: [["january", "jan"], ["february", "feb"], ["march", "mar"], ["april", "apr"], ["may"], ["june", "jun"], ["july", "jul"], ["august", "aug"], ["september", "sep", "sept"], ["october", "oct"], ["november", "nov"], ["december", "dec"]],
  // Greek dates write the month in the genitive ("11 Ιουλίου"); the odd abbreviations are ones feedparser met in real feeds.
  greek: [
    ["ιανουάριος", "ιανουαρίου", "ιαν"], ["φεβρουάριος", "φεβρουαρίου", "φεβ"], ["μάρτιος", "μαρτίου", "μαρ", "μάώ"], ["απρίλιος", "απριλίου", "απρ"],
    ["μάιος", "μαΐου", "μάι", "μαΐ"], ["ιούνιος", "ιουνίου", "ιούν", "ιον"], ["ιούλιος", "ιουλίου", "ιούλ", "ιολ"], ["αύγουστος", "αυγούστου", "αύγ"],
    ["σεπτέμβριος", "σεπτεμβρίου", "σεπ"], ["οκτώβριος", "οκτωβρίου", "οκτ"], ["νοέμβριος", "νοεμβρίου", "νοέ"], ["δεκέμβριος", "δεκεμβρίου", "δεκ"],
  ],
  hungarian: [
    ["január", "jan"], ["február", "febr", "februári"], ["március", "márc"], ["április", "ápr"], ["május", "máj", "máujus"], ["június", "jún"],
    ["július", "júl"], ["augusztus", "aug"], ["szeptember", "szept"], ["október", "okt"], ["november", "nov"], ["december", "dec"],
  ],
  german: [["januar", "jänner", "jan"], ["februar", "feb"], ["märz", "maerz", "mär", "mrz"], ["april", "apr"], ["mai"], ["juni", "jun"], ["juli", "jul"], ["august", "aug"], ["september", "sep", "sept"], ["oktober", "okt"], ["november", "nov"], ["dezember", "dez"]],
  french: [["janvier", "janv"], ["février", "févr", "fév"], ["mars"], ["avril", "avr"], ["mai"], ["juin"], ["juillet", "juil"], ["août"], ["septembre", "sept"], ["octobre", "oct"], ["novembre", "nov"], ["décembre", "déc"]],
  spanish: [["enero", "ene"], ["febrero", "feb"], ["marzo", "mar"], ["abril", "abr"], ["mayo", "may"], ["junio", "jun"], ["julio", "jul"], ["agosto", "ago"], ["septiembre", "setiembre", "sept", "set"], ["octubre", "oct"], ["noviembre", "nov"], ["diciembre", "dic"]],
  italian: [["gennaio", "gen"], ["febbraio", "feb"], ["marzo", "mar"], ["aprile", "apr"], ["maggio", "mag"], ["giugno", "giu"], ["luglio", "lug"], ["agosto", "ago"], ["settembre", "set"], ["ottobre", "ott"], ["novembre", "nov"], ["dicembre", "dic"]],
  dutch: [["januari", "jan"], ["februari", "feb"], ["maart", "mrt"], ["april", "apr"], ["mei"], ["juni", "jun"], ["juli", "jul"], ["augustus", "aug"], ["september", "sep", "sept"], ["oktober", "okt"], ["november", "nov"], ["december", "dec"]],
  portuguese: [["janeiro", "jan"], ["fevereiro", "fev"], ["março", "mar"], ["abril", "abr"], ["maio", "mai"], ["junho", "jun"], ["julho", "jul"], ["agosto", "ago"], ["setembro", "set"], ["outubro", "out"], ["novembro", "nov"], ["dezembro", "dez"]],
};

/** Lower-case, without accents or a closing dot: "Févr." and "fevr" are one word, as are "Μαΐου" and "ΜΑΙΟΥ". */
export function foldWord(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\.$/, "");
}

function monthTable(): Map<string, number> {
  const table = new Map<string, number>();
  for (const [language, months] of Object.entries(MONTHS_BY_LANGUAGE)) {
    months.forEach((names, index) => {
      for (const name of names) {
        const key = foldWord(name);
        const month = table.get(key);
        if (month !== undefined && month !== index + 1) throw new Error(`month name "${name}" (${language}) already names month ${month}`);
        table.set(key, index + 1);
      }
    });
  }
  return table;
}

const MONTHS = monthTable();

/** The month (1–12) a word names in any language we know, or null. */
export function monthNamed(word: string): number | null {
  return MONTHS.get(foldWord(word)) ?? null;
}
