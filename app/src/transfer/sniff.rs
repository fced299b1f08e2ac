//! Which delimiter a CSV file uses, from its first lines.
use super::scan::{Mark, QuoteScanner};

const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];

/// Comma, semicolon or tab: the one that splits the most records into the same number
/// of cells (delimiters inside quotes don't count); comma when none splits anything.
pub fn sniff_delimiter(sample: &str) -> u8 {
    let mut best = (b',', (0, 0));
    for delimiter in CANDIDATES {
        let score = consistency(sample, delimiter);
        if score.1 > 0 && score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// How many records share the most common delimiter count, and that count.
fn consistency(sample: &str, delimiter: u8) -> (usize, usize) {
    let mut counts = Vec::new();
    let mut current = 0;
    QuoteScanner::new(delimiter).scan(sample.as_bytes(), |mark| match mark {
        Mark::Delimiter => current += 1,
        Mark::RecordEnd => {
            counts.push(current);
            current = 0;
        }
    });
    // The last line of a sample may be cut short, so it counts only when it is the only one.
    if counts.is_empty() {
        counts.push(current);
    }
    counts.sort_unstable();
    counts
        .chunk_by(|a, b| a == b)
        .map(|same| (same.len(), same[0]))
        .max()
        .unwrap_or((0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_consistent_delimiter_wins() {
        let cases = [
            ("name,amount\nAcme,12\n", b','),
            ("name;amount\nAcme;1,5\nBeta;2,25\n", b';'),
            ("name\tnote\nAcme\thello, world\nBeta\tx\n", b'\t'),
            ("\"a;b\",c\n\"d;e\",f\n", b','),
            ("\"note\nwith;semicolons;here\";x\ny;z\n", b';'),
            ("a;b;c", b';'),
            ("just one column\nsecond\n", b','),
            ("", b','),
            ("a,b\nc;d\ne;f\n", b';'),
        ];
        for (sample, expected) in cases {
            assert_eq!(sniff_delimiter(sample), expected, "{sample:?}");
        }
    }
}
