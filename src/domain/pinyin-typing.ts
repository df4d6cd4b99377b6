/**
 * How a clerk types a name in pinyin (SPEC §12): each syllable in full or by its initial, mixed as
 * it comes (`shanxm` = shan + x + m → 单晓明, `zhangw` → 张伟), the last one perhaps half typed (as a
 * prompt narrows). Searching loads no dictionary: the typed letters are cut into syllables with the
 * table of Mandarin's syllables alone (ü written v, as the stored pinyin is).
 */
const SYLLABLES = new Set(
  `a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng
  cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu
  cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e
  ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang
  gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao
  jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun
  kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma
  mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni
  nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao
  pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
  rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi
  shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian
  tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing
  xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen
  zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong
  zou zu zuan zui zun zuo`.split(/\s+/),
);

/** The beginnings of syllables: what the last, half-typed syllable may be. */
const BEGINNINGS = new Set([...SYLLABLES].flatMap((s) => [...s].map((_, i) => s.slice(0, i + 1))));

/** Initials as a clerk may type them: a letter that begins a syllable, and zh, ch, sh. */
const isInitial = (piece: string) =>
  (piece.length === 1 && BEGINNINGS.has(piece)) || piece === 'zh' || piece === 'ch' || piece === 'sh';

/** A name has a few syllables (a double surname and two): readings of more are not names, and not worth a condition. */
const MOST_SYLLABLES = 4;
const MOST_READINGS = 6;

/**
 * A syllable beginning with a vowel is never read after another (an input method reads `xian` as
 * xian, `shan` as shan, not sh + an): where a clerk means xi'an, the full pinyin still finds it.
 */
const VOWEL_FIRST = /^[aeo]/;

/**
 * The ways `letters` may be a run of syllables typed in full or by initial, the last one possibly
 * half typed: `shanxm` → [shan, x, m], …; fewest syllables first, at most six. None when the
 * letters can't be pinyin (`qzx1`, or letters no syllable begins with).
 */
export function pinyinReadings(letters: string): string[][] {
  const found: string[][] = [];
  const walk = (rest: string, pieces: string[]) => {
    if (pieces.length > MOST_SYLLABLES) return;
    if (rest === '') {
      found.push(pieces);
      return;
    }
    for (let end = Math.min(rest.length, 6); end >= 1; end--) {
      const piece = rest.slice(0, end);
      const last = end === rest.length;
      if (pieces.length > 0 && VOWEL_FIRST.test(piece)) continue;
      const typed = SYLLABLES.has(piece) || isInitial(piece) || (last && BEGINNINGS.has(piece));
      if (typed) walk(rest.slice(end), [...pieces, piece]);
    }
  };
  if (/^[a-z]+$/.test(letters)) walk(letters, []);
  return found.sort((a, b) => a.length - b.length).slice(0, MOST_READINGS);
}
