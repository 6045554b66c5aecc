/**
 * More of citemark's own labelled reference strings: the layouts the
 * health generator (`health.ts`) leaves out and real lists print across
 * fields — ACS, Chicago notes and bibliography, conference papers (IEEE,
 * ACM, APA, Springer, Vancouver, machine-learning venues, papers presented
 * at meetings), theses, chapters with editors, reports and working papers,
 * web pages in MLA/Chicago form, and physics lists with no article title
 * (`Phys. Rev. D 73, 034005 (2006)`). Every name, title and identifier is
 * made up from word lists by a seeded generator, as in `health.ts`.
 */
import type { LabelledString } from './data.js';
import { dotted, FAMILIES, generatedStrings, GIVENS, initials, Maker, MONTHS, MONTHS_FULL, OTHER_JOURNALS, PUBLISHERS, titleCase, TOPICS, type Seg } from './health.js';

type Person = { family: string; given: string; second?: string };

/** Abbreviated journal titles of the physical sciences, as ISO 4 and the societies print them (some end in a section letter or a number). */
const SCIENCE_ABBR = [
  'Phys. Rev. D', 'Phys. Rev. B', 'Phys. Rev. E', 'Phys. Rev. Lett.', 'Nucl. Phys. B', 'Nucl. Phys. A', 'Phys. Lett. B', 'Eur. Phys. J. C',
  'J. High Energy Phys.', 'J. Phys. A: Math. Theor.', 'Class. Quantum Grav.', 'New J. Phys.', 'Appl. Phys. Lett.', 'J. Chem. Phys.',
  'Rev. Mod. Phys.', 'Proc. Natl. Acad. Sci. USA', 'Proc. Natl. Acad. Sci. U.S.A.', 'Nat. Phys.', 'Phys. Rep.', 'Ann. Phys.', 'Z. Phys. C',
  'J. Am. Chem. Soc.', 'J. Phys. Chem. C', 'J. Phys. Chem. B', 'J. Phys. Chem. Lett.', 'ACS Nano', 'Nano Lett.', 'Chem. Mater.',
  'Angew. Chem., Int. Ed.', 'Angew. Chem. Int. Ed.', 'Chem. Rev.', 'Acc. Chem. Res.', 'Inorg. Chem.', 'Org. Lett.', 'J. Org. Chem.',
  'Chem. Commun.', 'J. Chem. Soc., Perkin Trans. 1', 'J. Chem. Soc., Dalton Trans.', 'Tetrahedron Lett.', 'Langmuir', 'Macromolecules',
  'Chem. Sci.', 'ACS Catal.', 'J. Mater. Chem. A', 'Phys. Chem. Chem. Phys.', 'Adv. Mater.', '2D Mater.', 'Nat. Mater.', 'Nat. Commun.',
  'Sci. Rep.', 'Nature', 'Science', 'J. Appl. Phys.', 'Opt. Express', 'Opt. Lett.', 'J. Fluid Mech.', 'Phys. Fluids', 'Geophys. Res. Lett.',
  'J. Geophys. Res. Atmos.', 'Bull. Am. Meteorol. Soc.', 'Mon. Weather Rev.', 'Q. J. R. Meteorol. Soc.', 'Biophys. J.', 'J. Biol. Chem.',
  'Nucleic Acids Res.', 'Mol. Cell', 'Cell Rep.', 'IEEE Trans. Pattern Anal. Mach. Intell.', 'IEEE Trans. Robot.', 'Int. J. Comput. Vis.',
  'Commun. ACM', 'J. Mach. Learn. Res.', 'Neural Comput.', 'Artif. Intell.', 'IEEE Trans. Inf. Theory', 'SIAM J. Comput.',
];
/** Full journal titles of the social sciences and humanities. */
const HUMANITIES_JOURNALS = [
  'Journal of Marriage and Family', 'Sociological Methods & Research', 'Journal of Modern History', 'Speculum', 'Economic History Review',
  'Past & Present', 'Political Theory', 'Journal of Politics', 'World Politics', 'Comparative Studies in Society and History',
  'Journal of Economic Perspectives', 'Language', 'Journal of Linguistics', 'Cognition', 'Mind', 'Philosophical Review',
  'Journal of Communication', 'New Media & Society', 'Public Administration Review', 'Journal of Urban History', 'Gender & Society',
  'Journal of Health and Social Behavior', 'Law & Society Review', 'Journal of Economic History', 'Annals of the Association of American Geographers',
  'Journal of Social History', 'Theory and Society', 'Educational Researcher', 'Review of Educational Research', 'Journal of Applied Psychology',
];
const CS_TITLES = [
  'Efficient retrieval with learned sparse representations', 'Scalable inference for graph neural networks', 'A benchmark for long-context reasoning',
  'Robust visual odometry with event cameras', 'Learning to rank from implicit feedback', 'Verified compilation of concurrent programs',
  'Fast approximate nearest neighbour search on GPUs', 'Privacy-preserving federated learning at scale', 'Self-supervised depth estimation from video',
  'Type inference for gradual languages', 'Energy-aware scheduling in data centres', 'Grounded dialogue generation with knowledge graphs',
];
const VENUE_TOPICS = [
  'Computer Vision and Pattern Recognition', 'Machine Learning', 'Human Factors in Computing Systems', 'Software Engineering',
  'Knowledge Discovery and Data Mining', 'Robotics and Automation', 'Intelligent Robots and Systems', 'Learning Analytics and Knowledge',
  'Information and Knowledge Management', 'Computational Linguistics', 'Digital Libraries', 'Web Search and Data Mining', 'Parallel Processing',
  'Computer Graphics and Interactive Techniques', 'Principles of Programming Languages', 'Management of Data', 'Artificial Intelligence',
  'Neural Information Processing Systems', 'Acoustics, Speech and Signal Processing', 'Engineering in Medicine and Biology',
];
const VENUE_SHORT = ['ICRA', 'IROS', 'CVPR', 'ICCV', 'ECCV', 'ICML', 'ICLR', 'NeurIPS', 'AAAI', 'IJCAI', 'ACL', 'EMNLP', 'SIGIR', 'KDD', 'CHI', 'ICSE', 'WWW', 'ICASSP'];
/** Conference names as IEEE abbreviates them. */
const ABBREVIATED_VENUES = [
  'Proc. IEEE Int. Conf. Robot. Autom.', 'Proc. IEEE/RSJ Int. Conf. Intell. Robots Syst.', 'Proc. IEEE Conf. Comput. Vis. Pattern Recognit.',
  'Proc. IEEE/CVF Int. Conf. Comput. Vis.', 'Proc. Eur. Conf. Comput. Vis.', 'Proc. Int. Conf. Mach. Learn.', 'Proc. Adv. Neural Inf. Process. Syst.',
  'Proc. IEEE Int. Conf. Acoust., Speech Signal Process.', 'Proc. Annu. Meeting Assoc. Comput. Linguistics', 'Proc. ACM SIGCOMM Conf.',
  'Proc. IEEE Global Commun. Conf.', 'Proc. IEEE Int. Symp. Inf. Theory', 'Proc. Design Autom. Conf.', 'Proc. IEEE Veh. Technol. Conf.',
  'Proc. Robot.: Sci. Syst.', 'Proc. IEEE Int. Conf. Commun.', 'Proc. Int. Conf. Softw. Eng.', 'Proc. IEEE Power Energy Soc. Gen. Meeting',
  'Proc. Annu. Int. Conf. IEEE Eng. Med. Biol. Soc.', 'Proc. Int. Joint Conf. Artif. Intell.', 'Proc. AAAI Conf. Artif. Intell.',
  'Proc. ACM Conf. Comput. Commun. Secur.', 'Proc. IEEE Int. Conf. Image Process.', 'Proc. Int. Conf. Learn. Represent.',
];
const ORDINALS = ['1st', '2nd', '3rd', '5th', '8th', '11th', '12th', '17th', '21st', '23rd', '30th', '42nd', 'First', 'Second', 'Third', 'Tenth', 'Twelfth', 'Annual'];
const SOCIETIES = [
  'American Educational Research Association', 'Society for Neuroscience', 'American Sociological Association', 'Cognitive Science Society',
  'International Communication Association', 'American Political Science Association', 'Society for Research in Child Development',
  'European Geosciences Union', 'American Geophysical Union', 'Association for Computational Linguistics', 'Linguistic Society of America',
];
const UNIVERSITIES = [
  'University of Toronto', 'University of Edinburgh', 'Stanford University', 'Universität Heidelberg', 'University of Cape Town',
  'Massachusetts Institute of Technology', 'University of Melbourne', 'Université de Montréal', 'National University of Singapore',
  'University of California, Berkeley', 'Delft University of Technology', 'University of São Paulo', 'Kyoto University', 'ETH Zurich',
];
const CITIES = [
  ['Montréal', 'Canada'], ['Vienna', 'Austria'], ['Long Beach, CA', 'USA'], ['Seoul', 'Korea'], ['Glasgow', 'UK'], ['Honolulu, HI', 'USA'],
  ['Lisbon', 'Portugal'], ['Sydney', 'Australia'], ['Kyoto', 'Japan'], ['Barcelona', 'Spain'], ['Boston, MA', 'USA'], ['Nairobi', 'Kenya'],
];
const SITE_NAMES = ['The Conversation', 'BBC News', 'Smithsonian Magazine', 'The Atlantic', 'Nieman Lab', 'Wired', 'Scientific American', 'Our World in Data'];

function person(m: Maker): Person {
  return { family: m.pick(FAMILIES), given: m.pick(GIVENS), ...(m.chance(0.3) ? { second: m.pick(GIVENS) } : {}) };
}
function persons(m: Maker, max: number): Person[] {
  return Array.from({ length: m.chance(0.25) ? 1 : m.int(2, max) }, () => person(m));
}
/** `A, B, and C` / `A and B` / `A`. */
function series(names: string[], and: string, serial = true): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]}${and}${names[1]}`;
  return `${names.slice(0, -1).join(', ')}${serial ? ',' : ''}${and}${names.at(-1)}`;
}
function anyTitle(m: Maker): string {
  const r = m.int(0, 2);
  return r === 0 ? m.title() : r === 1 ? m.otherTitle() : m.pick(CS_TITLES);
}
/** A printed page range (never an article number). */
function range(m: Maker, dash = '–'): string {
  const a = m.int(1, 2999);
  return `${a}${dash}${a + m.int(2, 40)}`;
}
/** APA's name list: `A, B, & C` (a comma before the ampersand even for two). */
function apaSeries(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')}, & ${names.at(-1)}`;
}
function venue(m: Maker, abbreviated: boolean): string {
  const topic = m.pick(VENUE_TOPICS);
  const short = m.chance(0.4) ? ` (${m.pick(VENUE_SHORT)}${m.chance(0.5) ? ` '${m.int(10, 24)}` : ''})` : '';
  if (abbreviated) return `${m.pick(ABBREVIATED_VENUES)}${short}`;
  const org = m.pick(['', 'ACM ', 'IEEE ', 'IEEE/RSJ ', 'AAAI ', 'ACM SIGIR ']);
  return `Proceedings of the ${m.pick(ORDINALS)} ${m.chance(0.4) ? 'Annual ' : ''}${org}${m.pick(['International Conference', 'Conference', 'Symposium', 'Workshop'])} on ${topic}${short}`;
}

function acs(m: Maker): Seg[] {
  const people = persons(m, 6);
  const segs: Seg[] = [];
  if (m.chance(0.4)) segs.push({ label: 'citation-number', text: m.pick([`(${m.int(1, 90)})`, `${m.int(1, 90)}.`, `[${m.int(1, 90)}]`]) });
  segs.push({ label: 'author', text: `${people.map((p) => `${p.family}, ${dotted(p)}`).join('; ')}${m.chance(0.15) ? '; et al.' : ''}` });
  if (m.chance(0.75)) segs.push({ label: 'title', text: `${anyTitle(m)}.` });
  const journal = m.pick(SCIENCE_ABBR);
  const y = m.year();
  segs.push({ label: 'journal', text: journal });
  segs.push({ label: 'date', text: `${y},` });
  const volume = m.int(1, 150);
  if (m.chance(0.2)) segs.push({ label: 'volume', text: `${volume}` }, { label: 'issue', text: `(${m.int(1, 24)}),`, glue: true });
  else segs.push({ label: 'volume', text: `${volume},` });
  // Article numbers, printed bare or after `No.` (ACS since 2020).
  const pages = m.chance(0.3) ? `${m.chance(0.4) ? 'No. ' : ''}${m.chance(0.5) ? '0' : ''}${m.int(10000, 999999)}` : range(m, m.pick(['–', '-']));
  segs.push({ label: 'pages', text: `${pages}.` });
  if (m.chance(0.35)) segs.push({ label: 'note', text: m.pick(['DOI:', 'doi:']) }, { label: 'doi', text: m.doi() });
  return segs;
}

/** Chicago notes (`1. Given Family, “Title,” Journal 12, no. 3 (2010): 45–67.`) and bibliography (`Family, Given. “Title.” Journal …`). */
function chicagoFull(m: Maker): Seg[] {
  const people = persons(m, 3);
  const notes = m.chance(0.6);
  const first = people[0] as Person;
  const full = (p: Person) => `${p.given}${p.second && m.chance(0.3) ? ` ${p.second[0]}.` : ''} ${p.family}`;
  const authors = notes ? series(people.map(full), ' and ') : series([`${first.family}, ${first.given}`, ...people.slice(1).map(full)], ' and ');
  const segs: Seg[] = [];
  if (notes && m.chance(0.7)) segs.push({ label: 'citation-number', text: `${m.int(1, 120)}.` });
  segs.push({ label: 'author', text: `${authors}${notes ? ',' : '.'}` });
  const y = m.year();
  const kind = m.int(0, 3);
  const q = m.pick<[string, string]>([['“', '”'], ['"', '"']]);
  const endTitle = (t: string) => (notes ? `${q[0]}${t},${q[1]}` : `${q[0]}${t}.${q[1]}`);
  const [place, publisher] = m.pick(PUBLISHERS);
  if (kind === 0) {
    segs.push({ label: 'title', text: endTitle(anyTitle(m)) });
    segs.push({ label: 'journal', text: m.pick(HUMANITIES_JOURNALS), glue: notes && m.chance(0.2) });
    segs.push({ label: 'volume', text: `${m.int(1, 120)}${m.chance(0.6) ? ',' : ''}` });
    if (segs.at(-1)?.text.endsWith(',')) segs.push({ label: 'issue', text: `no. ${m.int(1, 6)}` });
    segs.push({ label: 'date', text: `(${m.chance(0.3) ? `${m.pick(MONTHS_FULL)} ` : ''}${y}):` });
    segs.push({ label: 'pages', text: `${range(m, m.pick(['–', '--', '-']))}${m.chance(0.4) ? ',' : '.'}` });
    if (segs.at(-1)?.text.endsWith(',')) segs.push({ label: 'url', text: m.chance(0.5) ? `https://doi.org/${m.doi()}.` : `${m.url()}.` });
  } else if (kind === 1) {
    const title = titleCase(m.otherTitle());
    if (notes) {
      segs.push({ label: 'title', text: title });
      segs.push({ label: 'location', text: `(${place}:` }, { label: 'publisher', text: `${publisher},` }, { label: 'date', text: `${y}),` });
      segs.push({ label: 'pages', text: `${m.int(1, 400)}.` });
    } else {
      segs.push({ label: 'title', text: `${title}.` }, { label: 'location', text: `${place}:` }, { label: 'publisher', text: `${publisher},` }, { label: 'date', text: `${y}.` });
    }
  } else if (kind === 2) {
    const editors = persons(m, 2).map(full);
    segs.push({ label: 'title', text: endTitle(anyTitle(m)) });
    segs.push({ label: 'container-title', text: `in ${titleCase(m.otherTitle())},` });
    segs.push({ label: 'editor', text: `${m.pick(['ed.', 'edited by'])} ${series(editors, ' and ')}` });
    if (notes) {
      segs.push({ label: 'location', text: `(${place}:` }, { label: 'publisher', text: `${publisher},` }, { label: 'date', text: `${y}),` });
      segs.push({ label: 'pages', text: `${range(m)}.` });
    } else {
      segs.at(-1)!.text += ',';
      segs.push({ label: 'pages', text: `${range(m)}.` }, { label: 'location', text: `${place}:` }, { label: 'publisher', text: `${publisher},` }, { label: 'date', text: `${y}.` });
    }
  } else {
    segs.push({ label: 'title', text: endTitle(anyTitle(m)) });
    segs.push({ label: 'container-title', text: `${m.pick(SITE_NAMES)}${notes ? ',' : '.'}` });
    segs.push({ label: 'date', text: `${m.pick(MONTHS_FULL)} ${m.int(1, 28)}, ${y}${notes ? ',' : '.'}` });
    segs.push({ label: 'url', text: `${m.url()}${notes ? '.' : ''}` });
  }
  return segs;
}

function conference(m: Maker): Seg[] {
  const people = persons(m, 5);
  const y = m.year();
  const title = m.chance(0.6) ? m.pick(CS_TITLES) : anyTitle(m);
  const [city, country] = m.pick(CITIES) as [string, string];
  switch (m.int(0, 6)) {
    case 0: {
      // IEEE.
      const segs: Seg[] = [{ label: 'citation-number', text: `[${m.int(1, 60)}]` }, { label: 'author', text: `${series(people.map((p) => `${dotted(p)} ${p.family}`), ' and ')},` }];
      segs.push({ label: 'title', text: `“${title},”` }, { label: 'container-title', text: `in ${venue(m, true)},` });
      if (m.chance(0.5)) segs.push({ label: 'location', text: `${city}, ${country},` });
      segs.push({ label: 'date', text: `${m.chance(0.4) ? `${m.pick(MONTHS)}. ` : ''}${y},` }, { label: 'pages', text: `pp. ${range(m)}.` });
      return segs;
    }
    case 1: {
      // ACM.
      const segs: Seg[] = [];
      if (m.chance(0.6)) segs.push({ label: 'citation-number', text: `[${m.int(1, 60)}]` });
      segs.push({ label: 'author', text: `${series(people.map((p) => `${p.given} ${p.family}`), ' and ')}.` }, { label: 'date', text: `${y}.` }, { label: 'title', text: `${titleCase(title)}.` });
      segs.push({ label: 'container-title', text: `In ${venue(m, false)}.` });
      if (m.chance(0.5)) segs.push({ label: 'publisher', text: 'ACM,' }, { label: 'location', text: 'New York, NY, USA,' });
      segs.push({ label: 'pages', text: `${range(m)}.` });
      if (m.chance(0.5)) segs.push({ label: 'doi', text: m.chance(0.5) ? `https://doi.org/${m.doi()}` : `doi:${m.doi()}` });
      return segs;
    }
    case 2: {
      // APA.
      const segs: Seg[] = [
        { label: 'author', text: apaSeries(people.map((p) => `${p.family}, ${dotted(p)}`)) },
        { label: 'date', text: `(${y}).` },
        { label: 'title', text: `${title}.` },
        { label: 'container-title', text: `In ${venue(m, false)}` },
        { label: 'pages', text: `(pp. ${range(m)}).` },
      ];
      if (m.chance(0.6)) segs.push({ label: 'publisher', text: `${m.pick(['Association for Computing Machinery', 'IEEE', 'Springer', 'AAAI Press', 'Curran Associates'])}.` });
      return segs;
    }
    case 3: {
      // A paper presented at a meeting.
      const apaStyle = m.chance(0.5);
      const society = m.pick(SOCIETIES);
      const segs: Seg[] = [
        { label: 'author', text: apaStyle ? apaSeries(people.map((p) => `${p.family}, ${dotted(p)}`)) : series(people.map((p) => `${p.family}, ${dotted(p)}`), ' and ') },
        { label: 'date', text: `(${y}${m.chance(0.5) ? `, ${m.pick(MONTHS_FULL)}` : ''}).` },
      ];
      if (apaStyle) {
        segs.push({ label: 'title', text: title }, { label: 'genre', text: `[${m.pick(['Paper presentation', 'Poster presentation', 'Conference session'])}].` });
        segs.push({ label: 'container-title', text: `${m.pick(['Annual Meeting of the', 'Annual Conference of the'])} ${society},` }, { label: 'location', text: `${city}, ${country}.` });
      } else {
        segs.push({ label: 'title', text: `${title}.` }, { label: 'note', text: `${m.pick(['Paper presented at the', 'Poster presented at the', 'Presented at the'])}` });
        segs.push({ label: 'container-title', text: `${m.pick(['annual meeting of the', 'Annual Meeting of the', 'biennial meeting of the'])} ${society},` }, { label: 'location', text: `${city}.` });
      }
      return segs;
    }
    case 4: {
      // Springer (LNCS and others).
      const eds = persons(m, 3);
      const segs: Seg[] = [];
      if (m.chance(0.4)) segs.push({ label: 'citation-number', text: `${m.int(1, 60)}.` });
      segs.push({ label: 'author', text: people.map((p) => `${p.family} ${initials(p)}`).join(', ') }, { label: 'date', text: `(${y})` }, { label: 'title', text: `${title}.` });
      segs.push({ label: 'editor', text: `In: ${eds.map((p) => `${p.family} ${initials(p)}`).join(', ')} (ed${eds.length > 1 ? 's' : ''})` });
      segs.push({ label: 'container-title', text: `${venue(m, false).replace(/^Proceedings of the /, m.chance(0.5) ? 'Proceedings of the ' : '')}.` });
      if (m.chance(0.6)) segs.push({ label: 'collection-title', text: `${m.pick(['Lecture Notes in Computer Science', 'Lecture Notes in Artificial Intelligence', 'Communications in Computer and Information Science', 'Advances in Intelligent Systems and Computing'])},` }, { label: 'volume', text: `vol ${m.int(100, 14000)}.` });
      segs.push({ label: 'publisher', text: 'Springer,' }, { label: 'location', text: `${m.pick(['Cham', 'Berlin, Heidelberg', 'Singapore'])},` }, { label: 'pages', text: `pp ${range(m)}` });
      return segs;
    }
    case 5: {
      // Vancouver.
      const segs: Seg[] = [
        { label: 'author', text: `${people.map((p) => `${p.family} ${initials(p)}`).join(', ')}.` },
        { label: 'title', text: `${title}.` },
        { label: 'container-title', text: `In: ${venue(m, false)};` },
        { label: 'date', text: `${y} ${m.pick(MONTHS)} ${m.int(1, 25)}-${m.int(26, 30)};` },
        { label: 'location', text: `${city}, ${country}.` },
      ];
      if (m.chance(0.6)) segs.push({ label: 'publisher', text: `${m.pick(['Piscataway (NJ): IEEE', 'New York: ACM', 'Red Hook (NY): Curran Associates'])};` }, { label: 'date', text: `${y}.` });
      segs.push({ label: 'pages', text: `p. ${range(m, '-')}.` });
      return segs;
    }
    default: {
      // Machine-learning venues: `Given Family, … . Title. In ICLR, 2019.`
      const segs: Seg[] = [];
      if (m.chance(0.5)) segs.push({ label: 'citation-number', text: `[${m.int(1, 60)}]` });
      segs.push({ label: 'author', text: `${series(people.map((p) => `${p.given} ${p.family}`), ' and ')}.` }, { label: 'title', text: `${title}.` });
      const short = m.chance(0.5);
      segs.push({ label: 'container-title', text: short ? `In ${m.pick(VENUE_SHORT)},` : `In ${venue(m, false)},` });
      if (!short && m.chance(0.6)) segs.push({ label: 'pages', text: `pages ${range(m)},` });
      segs.push({ label: 'date', text: `${y}.` });
      return segs;
    }
  }
}

function thesis(m: Maker): Seg[] {
  const p = person(m);
  const y = m.year();
  const uni = m.pick(UNIVERSITIES);
  const title = anyTitle(m);
  switch (m.int(0, 3)) {
    case 0:
      return [
        { label: 'author', text: `${p.family}, ${dotted(p)}` },
        { label: 'date', text: `(${y}).` },
        { label: 'title', text: title },
        { label: 'genre', text: `[${m.pick(['Doctoral dissertation', "Master's thesis"])},` },
        { label: 'publisher', text: `${uni}].` },
        ...(m.chance(0.5) ? [{ label: 'note' as const, text: `${m.pick(['ProQuest Dissertations and Theses Global.', 'Institutional repository.'])}` }] : []),
      ];
    case 1:
      return [
        { label: 'author', text: `${p.family} ${initials(p)}.` },
        { label: 'title', text: title },
        { label: 'genre', text: `[${m.pick(['dissertation', "master's thesis", 'PhD thesis'])}].` },
        { label: 'location', text: `${m.pick(['Toronto (ON)', 'Edinburgh (UK)', 'Stanford (CA)', 'Melbourne'])}:` },
        { label: 'publisher', text: `${uni};` },
        { label: 'date', text: `${y}.` },
      ];
    case 2:
      return [
        { label: 'citation-number', text: `[${m.int(1, 60)}]` },
        { label: 'author', text: `${dotted(p)} ${p.family},` },
        { label: 'title', text: `“${title},”` },
        { label: 'genre', text: `${m.pick(['Ph.D. dissertation', 'Ph.D. thesis', 'M.S. thesis'])},` },
        { label: 'publisher', text: `${m.pick(['Dept. Elect. Eng.', 'Dept. Comput. Sci.', 'Sch. Phys.'])}, ${uni},` },
        { label: 'date', text: `${y}.` },
      ];
    default:
      return [
        { label: 'author', text: `${p.family}, ${m.chance(0.5) ? p.given : dotted(p)}.` },
        { label: 'date', text: `${y}.` },
        { label: 'title', text: `${m.chance(0.5) ? titleCase(title) : title}.` },
        { label: 'genre', text: `${m.pick(['PhD thesis', 'PhD diss.', 'Doctoral thesis', 'MA thesis'])},` },
        { label: 'publisher', text: `${uni}.` },
      ];
  }
}

function chapter(m: Maker): Seg[] {
  const people = persons(m, 3);
  const eds = persons(m, 3);
  const y = m.year();
  const [place, publisher] = m.pick(PUBLISHERS);
  const book = titleCase(m.otherTitle());
  const title = anyTitle(m);
  switch (m.int(0, 3)) {
    case 0: {
      // Chicago author-date, and the American Journal of Sociology's `Pp. 45–67 in Book, edited by …`.
      const first = people[0] as Person;
      const authors = series([`${first.family}, ${first.given}`, ...people.slice(1).map((p) => `${p.given} ${p.family}`)], ' and ');
      const segs: Seg[] = [{ label: 'author', text: `${authors}.` }, { label: 'date', text: `${y}.` }, { label: 'title', text: `“${title}.”` }];
      const edited = `edited by ${series(eds.map((p) => `${p.given} ${p.family}`), ' and ')}`;
      if (m.chance(0.5)) {
        segs.push({ label: 'container-title', text: `In ${book},` }, { label: 'editor', text: `${edited},` }, { label: 'pages', text: `${range(m)}.` });
      } else {
        segs.push({ label: 'pages', text: `Pp. ${range(m)}` }, { label: 'container-title', text: `in ${book},` }, { label: 'editor', text: `${edited}.` });
      }
      segs.push({ label: 'location', text: `${place}:` }, { label: 'publisher', text: `${publisher}.` });
      return segs;
    }
    case 1:
      // Springer.
      return [
        { label: 'author', text: people.map((p) => `${p.family} ${initials(p)}`).join(', ') },
        { label: 'date', text: `(${y})` },
        { label: 'title', text: `${title}.` },
        { label: 'editor', text: `In: ${eds.map((p) => `${p.family} ${initials(p)}`).join(', ')} (ed${eds.length > 1 ? 's' : ''})` },
        { label: 'container-title', text: `${book}.` },
        { label: 'publisher', text: `${publisher},` },
        { label: 'location', text: `${place},` },
        { label: 'pages', text: `pp ${range(m)}` },
      ];
    case 2:
      // Harvard.
      return [
        { label: 'author', text: series(people.map((p) => `${p.family}, ${dotted(p).replace(/ /g, '')}`), ' and ') },
        { label: 'date', text: `(${y})` },
        { label: 'title', text: `'${title}',` },
        { label: 'editor', text: `in ${series(eds.map((p) => `${p.family}, ${dotted(p).replace(/ /g, '')}`), ' and ')} (ed${eds.length > 1 ? 's' : ''}.)` },
        { label: 'container-title', text: `${book}.` },
        { label: 'location', text: `${place}:` },
        { label: 'publisher', text: `${publisher},` },
        { label: 'pages', text: `pp. ${range(m)}.` },
      ];
    default:
      // Elsevier numbered: `[3] A. Family, Title, in: B. Family (Ed.), Book, Publisher, City, 2010, pp. 45–67.`
      return [
        { label: 'citation-number', text: `[${m.int(1, 60)}]` },
        { label: 'author', text: `${people.map((p) => `${dotted(p)} ${p.family}`).join(', ')},` },
        { label: 'title', text: `${title},` },
        { label: 'editor', text: `in: ${eds.map((p) => `${dotted(p)} ${p.family}`).join(', ')} (Ed${eds.length > 1 ? 's' : ''}.),` },
        { label: 'container-title', text: `${book},` },
        { label: 'publisher', text: `${publisher},` },
        { label: 'location', text: `${place},` },
        { label: 'date', text: `${y},` },
        { label: 'pages', text: `pp. ${range(m)}.` },
      ];
  }
}

function workingPaper(m: Maker): Seg[] {
  const people = persons(m, 3);
  const y = m.year();
  const title = m.otherTitle();
  if (m.chance(0.5)) {
    return [
      { label: 'author', text: apaSeries(people.map((p) => `${p.family}, ${dotted(p)}`)) },
      { label: 'date', text: `(${y}).` },
      { label: 'title', text: title },
      { label: 'genre', text: `(${m.pick(['Technical Report No.', 'Working Paper No.', 'Report'])} ${m.pick(['TR-', 'WP-', ''])}${m.int(1, 9999)}).` },
      { label: 'publisher', text: `${m.pick(UNIVERSITIES)}.` },
    ];
  }
  return [
    { label: 'author', text: `${series(people.map((p, i) => (i === 0 ? `${p.family}, ${p.given}` : `${p.given} ${p.family}`)), ' and ')}.` },
    { label: 'date', text: `${y}.` },
    { label: 'title', text: `“${titleCase(title)}.”` },
    { label: 'genre', text: `${m.pick(['NBER Working Paper', 'Working Paper', 'CEPR Discussion Paper', 'Policy Research Working Paper'])}` },
    { label: 'note', text: `${m.int(100, 29999)}.` },
  ];
}

/** MLA: `Family, Given. “Title.” Site, 3 Mar. 2016, www.example.org/x. Accessed 5 May 2020.` */
function mlaWeb(m: Maker): Seg[] {
  const p = person(m);
  const y = m.year();
  const segs: Seg[] = [];
  if (m.chance(0.8)) segs.push({ label: 'author', text: `${p.family}, ${p.given}.` });
  segs.push({ label: 'title', text: `“${titleCase(anyTitle(m))}.”` }, { label: 'container-title', text: `${m.pick(SITE_NAMES)},` });
  segs.push({ label: 'date', text: `${m.int(1, 28)} ${m.pick(MONTHS)}. ${y},` }, { label: 'url', text: `${m.url().replace(/^https:\/\//, '')}.` });
  if (m.chance(0.6)) segs.push({ label: 'note', text: `Accessed ${m.int(1, 28)} ${m.pick(MONTHS)}. ${Math.min(2025, y + m.int(0, 3))}.` });
  return segs;
}

/** Physics lists with no article title, in the layouts of APS, Elsevier, IOP and World Scientific. */
function physics(m: Maker): Seg[] {
  const people = persons(m, 4);
  const y = m.year();
  const journal = m.pick(SCIENCE_ABBR.slice(0, 40));
  const volume = `${m.int(1, 999)}`;
  const page = m.chance(0.4) ? `${m.chance(0.6) ? '0' : ''}${m.int(10000, 299999)}` : `${m.int(1, 9999)}`;
  const etAl = people.length > 3 && m.chance(0.4);
  const names = (etAl ? people.slice(0, 1) : people).map((p) => `${dotted(p)} ${p.family}`);
  const authors = `${series(names, ' and ', m.chance(0.5))}${etAl ? ' et al.' : ''}`;
  const segs: Seg[] = [];
  if (m.chance(0.5)) segs.push({ label: 'citation-number', text: `[${m.int(1, 80)}]` });
  switch (m.int(0, 2)) {
    case 0:
      // APS: `A. B. Family and C. Family, Phys. Rev. D 73, 034005 (2006).`
      segs.push({ label: 'author', text: `${authors},` }, { label: 'journal', text: journal }, { label: 'volume', text: `${volume},` }, { label: 'pages', text: page }, { label: 'date', text: `(${y}).` });
      break;
    case 1:
      // Elsevier and World Scientific: `A. Family, Nucl. Phys. B 675 (2003) 333.`
      segs.push({ label: 'author', text: `${authors},` }, { label: 'journal', text: journal }, { label: 'volume', text: volume }, { label: 'date', text: `(${y})${m.chance(0.5) ? ',' : ''}` }, { label: 'pages', text: `${page}.` });
      break;
    default:
      // IOP: `Family A B and Family C 2010 J. Phys. A: Math. Theor. 43 123001`
      segs.push(
        { label: 'author', text: series(people.map((p) => `${p.family} ${dotted(p)}`), ' and ', false) },
        { label: 'date', text: `${y}` },
        { label: 'journal', text: journal },
        { label: 'volume', text: volume },
        { label: 'pages', text: page },
      );
  }
  return segs;
}

/** Elsevier numbered with titles: `[1] A. Family, B. Family, Title, J. Abbr. 12 (2010) 345–350.` */
function elsevierNumbered(m: Maker): Seg[] {
  const people = persons(m, 5);
  const other = m.chance(0.5);
  const journal = other ? m.pick(SCIENCE_ABBR) : m.pick(OTHER_JOURNALS)[1];
  return [
    { label: 'citation-number', text: `[${m.int(1, 80)}]` },
    { label: 'author', text: `${people.map((p) => `${dotted(p)} ${p.family}`).join(', ')},` },
    { label: 'title', text: `${m.chance(0.5) ? m.pick(TOPICS) : anyTitle(m)},` },
    { label: 'journal', text: journal },
    { label: 'volume', text: `${m.int(1, 400)}` },
    { label: 'date', text: `(${m.year()})` },
    { label: 'pages', text: `${range(m)}.` },
  ];
}

const LAYOUTS: [number, (m: Maker) => Seg[]][] = [
  [5, acs],
  [5, chicagoFull],
  [7, conference],
  [3, thesis],
  [4, chapter],
  [2, workingPaper],
  [2, mlaWeb],
  [3, physics],
  [2, elsevierNumbered],
];

/** `count` labelled strings in the layouts above, from `seed`. */
export function layoutStrings(count: number, seed: number): LabelledString[] {
  return generatedStrings(LAYOUTS, count, seed, 'layout');
}
