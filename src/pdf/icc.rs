//! What an ICC profile says it is: the description tag, for the OutputIntent. A profile given
//! with `--icc` names the printing condition the PDF is made for; writing IFRA26 (coldset
//! newsprint) beside a SWOP or FOGRA profile would tell the plant the wrong condition.

/// The profile's description (`desc` tag: `textDescriptionType` in ICC v2, `mluc` in v4, the
/// first record), trimmed; `None` when the bytes are no profile or the tag is missing, empty
/// or damaged. Never reads outside `bytes`.
pub fn profile_description(bytes: &[u8]) -> Option<String> {
    if bytes.get(36..40)? != b"acsp" {
        return None;
    }
    let count = be32(bytes, 128)?;
    let tag = (0..count.min(1024)).find_map(|i| {
        let at = 132 + 12 * usize::try_from(i).ok()?;
        (bytes.get(at..at + 4)? == b"desc").then_some(at)
    })?;
    let offset = usize::try_from(be32(bytes, tag + 4)?).ok()?;
    let size = usize::try_from(be32(bytes, tag + 8)?).ok()?;
    let data = bytes.get(offset..offset.checked_add(size)?)?;
    let text = match data.get(0..4)? {
        b"desc" => {
            let len = usize::try_from(be32(data, 8)?).ok()?;
            let ascii = data.get(12..12usize.checked_add(len)?)?;
            String::from_utf8_lossy(ascii).into_owned()
        }
        b"mluc" => {
            let len = usize::try_from(be32(data, 20)?).ok()?;
            let at = usize::try_from(be32(data, 24)?).ok()?;
            let utf16: Vec<u16> = data
                .get(at..at.checked_add(len)?)?
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&utf16)
        }
        _ => return None,
    };
    let text: String = text
        .trim_matches(|c: char| c == '\0' || c.is_whitespace())
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    (!text.is_empty()).then_some(text)
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal profile: header, one tag, the tag's data.
    fn profile(tag: &[u8]) -> Vec<u8> {
        let mut p = vec![0u8; 128];
        p[36..40].copy_from_slice(b"acsp");
        p.extend(1u32.to_be_bytes());
        p.extend(b"desc");
        p.extend(144u32.to_be_bytes());
        p.extend((tag.len() as u32).to_be_bytes());
        p.extend(tag);
        p
    }

    #[test]
    fn v2_and_v4_descriptions_are_read() {
        let mut v2 = b"desc\0\0\0\0".to_vec();
        v2.extend(14u32.to_be_bytes());
        v2.extend(b"ISOnewspaper\0\0");
        assert_eq!(
            profile_description(&profile(&v2)).as_deref(),
            Some("ISOnewspaper")
        );
        let text: Vec<u8> = "FOGRA 新闻纸"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let mut v4 = b"mluc\0\0\0\0".to_vec();
        v4.extend(1u32.to_be_bytes());
        v4.extend(12u32.to_be_bytes());
        v4.extend(b"zhCN");
        v4.extend((text.len() as u32).to_be_bytes());
        v4.extend(28u32.to_be_bytes());
        v4.extend(&text);
        assert_eq!(
            profile_description(&profile(&v4)).as_deref(),
            Some("FOGRA 新闻纸")
        );
    }

    #[test]
    fn damaged_profiles_give_none() {
        assert_eq!(profile_description(b"not a profile"), None);
        let mut bad = b"desc\0\0\0\0".to_vec();
        bad.extend(0xFFFF_FFFFu32.to_be_bytes());
        assert_eq!(profile_description(&profile(&bad)), None);
        let mut truncated = profile(b"desc\0\0\0\0\0\0\0\x05abc");
        truncated.truncate(150);
        assert_eq!(profile_description(&truncated), None);
    }
}
