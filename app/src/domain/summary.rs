//! Sums up a document by picking its most representative sentences (extractive summary).
use std::collections::{HashMap, HashSet};

/// How many sentences a file's summary shows.
pub const SUMMARY_SENTENCES: usize = 3;

/// Only the start of a document is read: it keeps a 1 MB upload's summary fast
/// and linear, and what a document is about shows early.
const MAX_INPUT_CHARS: usize = 200_000;
/// Shorter "sentences" are headings, table cells or fragments.
const MIN_WORDS: usize = 4;
/// Longer ones are run-on lists or text without punctuation, poor as a summary line.
const MAX_WORDS: usize = 60;
/// A line this short that does not run on (no trailing comma, hyphen...) is a
/// heading or a table row, not a wrapped line of a paragraph.
const HEADING_MAX_WORDS: usize = 8;

/// Never end a sentence: titles and Latin abbreviations come before more words.
const NEVER_FINAL: &[&str] = &[
    "approx", "cf", "dr", "e.g", "fig", "i.e", "jr", "mr", "mrs", "ms", "prof", "sr", "vs",
];
/// End a sentence only when a capital letter follows ("... Acme Inc. The deal").
const MAYBE_FINAL: &[&str] = &[
    "apr", "aug", "bros", "co", "corp", "dec", "etc", "feb", "gmbh", "inc", "jan", "jul", "jun",
    "llc", "ltd", "mar", "nov", "oct", "plc", "sep", "sept", "st",
];

/// Common English words that say nothing about a topic. Words of one or two
/// letters are not listed: they are ignored anyway.
const STOP_WORDS: &str = "\
    about above across after again against all also among and any are aren around because \
    been before being below between both but can could couldn did didn does doesn doing don \
    down during each few for from further get got had has have having her here hers herself \
    him himself his how however into isn its itself just let like made make many may might \
    more most much must myself new nor not now off once one only other our ours ourselves out \
    over own put same say see shall she should some such than that the their theirs them \
    themselves then there therefore these they this those through thus too two under until \
    upon use very want was wasn well were what when where which while who whom why will with \
    within without won would yet you your yours yourself yourselves";

/// Up to `max_sentences` sentences of `text` that best cover its most frequent
/// topic words, in the order they appear in the text.
pub fn extractive_summary(text: &str, max_sentences: usize) -> Vec<String> {
    if max_sentences == 0 {
        return Vec::new();
    }
    let sentences = distinct(split_sentences(leading_chars(text, MAX_INPUT_CHARS)));
    let stop_words: HashSet<&str> = STOP_WORDS.split_whitespace().collect();
    let words: Vec<Vec<String>> = sentences
        .iter()
        .map(|sentence| content_words(sentence, &stop_words))
        .collect();
    let frequencies = word_frequencies(&words);
    let candidates = candidates(&sentences);
    let mut ranked: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .map(|(position, (index, _))| {
            (
                position,
                score(&sentences[*index], &words[*index], &frequencies),
            )
        })
        .collect();
    // Best score first; ties go to the earlier sentence so the result is stable.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(max_sentences);
    // Candidates are in text order, so sorting by position restores it.
    ranked.sort_by_key(|(position, _)| *position);
    ranked
        .into_iter()
        .map(|(position, _)| candidates[position].1.clone())
        .collect()
}

fn leading_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Sentences of `text` with whitespace normalised: blocks (paragraphs, headings,
/// list items) are found from the lines, then cut at sentence punctuation.
fn split_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || starts_item(line) {
            cut_block(&block.join(" "), &mut sentences);
            block.clear();
        }
        if line.is_empty() {
            continue;
        }
        block.push(line);
        if ends_block(line) {
            cut_block(&block.join(" "), &mut sentences);
            block.clear();
        }
    }
    cut_block(&block.join(" "), &mut sentences);
    sentences
}

/// A list item ("- ", "* ", "• ", "1. ", "2) ") or a Markdown heading ("## ").
fn starts_item(line: &str) -> bool {
    item_marker_len(line) > 0
}

fn item_marker_len(line: &str) -> usize {
    for bullet in ["- ", "* ", "+ ", "• ", "· ", "– "] {
        if line.starts_with(bullet) {
            return bullet.len();
        }
    }
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if hashes > 0 && line[hashes..].starts_with(' ') {
        return hashes + 1;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    if (1..=3).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")) {
        return digits + 2;
    }
    0
}

/// Headings end their block; so does a short line that does not run on, which
/// is how headings look once a PDF or Word file has become plain text.
fn ends_block(line: &str) -> bool {
    let runs_on = line.ends_with([',', ';', ':', '-', '–', '—', '(', '/', '&']);
    line.starts_with('#') || (!runs_on && line.split_whitespace().count() <= HEADING_MAX_WORDS)
}

/// Cuts one block into sentences at `.`, `!` or `?` followed by a space or the end.
fn cut_block(block: &str, sentences: &mut Vec<String>) {
    let block = block.trim();
    let block = block[item_marker_len(block)..].split_whitespace();
    let block = block.collect::<Vec<_>>().join(" ");
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if !matches!(c, '.' | '!' | '?') {
            i += 1;
            continue;
        }
        // Take "?!", "..." and closing quotes or brackets with the punctuation.
        let mut after = i + 1;
        while after < chars.len() && is_closing(chars[after].1) {
            after += 1;
        }
        // `block` is single-spaced, so a space here is the only kind of break.
        let next_word = match chars.get(after) {
            None => None,
            Some((_, ' ')) => chars.get(after + 1).map(|(_, c)| *c),
            Some(_) => {
                i = after;
                continue;
            }
        };
        if c != '.' || dot_ends_sentence(&block[start..at], next_word) {
            let end = chars.get(after).map_or(block.len(), |(end, _)| *end);
            push_sentence(&block[start..end], sentences);
            start = (end + 1).min(block.len());
        }
        i = after + 1;
    }
    push_sentence(&block[start..], sentences);
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’' | '»'
    )
}

/// Whether a dot after `before` ends the sentence, given the first character
/// of the next word: not after "Mr", "e.g" or an initial, and after "Inc" or
/// "U.S" only when a capital letter follows.
fn dot_ends_sentence(before: &str, next: Option<char>) -> bool {
    let word = before.rsplit(' ').next().unwrap_or_default();
    let word = word.trim_start_matches(['(', '"', '\'', '“', '‘']);
    let lower = word.to_lowercase();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if is_initial || NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    if lower.contains('.') || MAYBE_FINAL.contains(&lower.as_str()) {
        return next.is_none_or(char::is_uppercase);
    }
    true
}

fn push_sentence(sentence: &str, sentences: &mut Vec<String>) {
    let sentence = sentence.trim();
    if sentence.chars().any(char::is_alphanumeric) {
        sentences.push(sentence.to_string());
    }
}

/// Drops repeats, such as a PDF's page header on every page, which would
/// otherwise win on word frequency alone.
fn distinct(sentences: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    sentences
        .into_iter()
        .filter(|sentence| seen.insert(sentence.to_lowercase()))
        .collect()
}

/// Lower-cased words that can carry a topic: three letters or more, not a
/// number, not a stop word.
fn content_words(sentence: &str, stop_words: &HashSet<&str>) -> Vec<String> {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() > 2 && word.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|word| !stop_words.contains(word.as_str()))
        .collect()
}

/// Each word's count divided by the top count, so scores do not grow with the
/// length of the document.
fn word_frequencies(words: &[Vec<String>]) -> HashMap<&str, f64> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in words.iter().flatten() {
        *counts.entry(word.as_str()).or_default() += 1;
    }
    let top = counts.values().copied().max().unwrap_or(1) as f64;
    counts
        .into_iter()
        .map(|(word, count)| (word, count as f64 / top))
        .collect()
}

/// The sentences worth ranking, by index, with the text to show. Sentences of
/// a reasonable length if there are any; otherwise the long ones cut short;
/// otherwise whatever short ones there are.
fn candidates(sentences: &[String]) -> Vec<(usize, String)> {
    let lengths: Vec<usize> = sentences.iter().map(|s| s.split(' ').count()).collect();
    let pick = |keep: &dyn Fn(usize) -> bool| -> Vec<(usize, String)> {
        (0..sentences.len())
            .filter(|index| keep(lengths[*index]))
            .map(|index| (index, first_words(&sentences[index], MAX_WORDS)))
            .collect()
    };
    let fitting = pick(&|length| (MIN_WORDS..=MAX_WORDS).contains(&length));
    if !fitting.is_empty() {
        return fitting;
    }
    let long = pick(&|length| length > MAX_WORDS);
    if !long.is_empty() {
        return long;
    }
    pick(&|_| true)
}

fn first_words(sentence: &str, max_words: usize) -> String {
    match sentence.split(' ').nth(max_words) {
        Some(_) => {
            let kept: Vec<&str> = sentence.split(' ').take(max_words).collect();
            format!("{}…", kept.join(" "))
        }
        None => sentence.to_string(),
    }
}

/// Sum of the sentence's word frequencies, damped by the square root of its
/// length: long sentences gather more words but should not always win.
fn score(sentence: &str, words: &[String], frequencies: &HashMap<&str, f64>) -> f64 {
    let total: f64 = words
        .iter()
        .map(|word| frequencies.get(word.as_str()).copied().unwrap_or(0.0))
        .sum();
    total / (sentence.split(' ').count().max(1) as f64).sqrt()
}

#[cfg(test)]
mod tests;
