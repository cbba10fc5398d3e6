//! Masthead fields computed from the edition: the date in Chinese, the weekday, the 农历 date
//! (via tyme4rs), 总第N期 and 今日N版.

use tyme4rs::tyme::Culture;
use tyme4rs::tyme::solar::SolarDay;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// Parse `YYYY-MM-DD`; years 1900–2100 (the range the lunar tables are trusted for).
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("expected a date as YYYY-MM-DD (e.g. 2022-08-16), found \"{text}\"");
        let mut parts = text.trim().splitn(3, '-');
        let mut next = || {
            parts
                .next()
                .and_then(|p| p.parse::<u32>().ok())
                .ok_or_else(bad)
        };
        let (year, month, day) = (next()?, next()?, next()?);
        if !(1900..=2100).contains(&year) {
            return Err(format!("the year {year} is outside 1900–2100"));
        }
        // tyme4rs panics on a month outside 1–12, so check the ranges first.
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(format!("{text} is not a calendar date"));
        }
        if SolarDay::new(year as isize, month as usize, day as usize).is_err() {
            return Err(format!("{text} is not a calendar date"));
        }
        Ok(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        })
    }

    /// `2022年8月16日`.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// `20220816`.
    pub fn compact(&self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    fn solar(&self) -> SolarDay {
        SolarDay::new(self.year as isize, self.month as usize, self.day as usize)
            .unwrap_or_else(|_| SolarDay::from_ymd(2000, 1, 1))
    }

    /// `星期二`.
    pub fn weekday(&self) -> String {
        const NAMES: [&str; 7] = ["日", "一", "二", "三", "四", "五", "六"];
        format!("星期{}", NAMES[self.weekday_index()])
    }

    /// 0 = Sunday … 6 = Saturday (Zeller's congruence, Gregorian).
    fn weekday_index(&self) -> usize {
        let (mut y, mut m) = (self.year, i32::from(self.month));
        if m < 3 {
            m += 12;
            y -= 1;
        }
        let (k, j) = (y % 100, y / 100);
        let h = (i32::from(self.day) + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;
        // Zeller: 0 = Saturday.
        ((h + 6) % 7) as usize
    }

    /// `农历壬寅年七月十九` (a leap month reads 闰…).
    pub fn lunar(&self) -> String {
        let lunar = self.solar().get_lunar_day();
        let month = lunar.get_lunar_month();
        let year = month.get_lunar_year();
        format!(
            "{}{}{}",
            year.get_name(),
            month.get_name(),
            lunar.get_name()
        )
    }

    /// Days since 1970-01-01 (for SOURCE_DATE_EPOCH-style timestamps).
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

/// Chinese numerals for page numbers in jump lines (第二版).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        20..=99 => {
            let ones = if n % 10 == 0 {
                String::new()
            } else {
                DIGITS[(n % 10) as usize].to_string()
            };
            format!("{}十{ones}", DIGITS[(n / 10) as usize])
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_edition_date() {
        let d = Date::parse("2022-08-16").unwrap();
        assert_eq!(d.chinese(), "2022年8月16日");
        assert_eq!(d.weekday(), "星期二");
        assert_eq!(d.lunar(), "农历壬寅年七月十九");
        assert_eq!(d.compact(), "20220816");
    }

    #[test]
    fn lunar_dates_including_a_leap_month() {
        // 2023 has a leap second month: 2023-03-22 is 闰二月初一.
        assert_eq!(
            Date::parse("2023-03-22").unwrap().lunar(),
            "农历癸卯年闰二月初一"
        );
        // Spring Festival 2024 (甲辰年正月初一).
        assert_eq!(
            Date::parse("2024-02-10").unwrap().lunar(),
            "农历甲辰年正月初一"
        );
        // 2020 had a leap fourth month: 2020-05-23 is 闰四月初一.
        assert_eq!(
            Date::parse("2020-05-23").unwrap().lunar(),
            "农历庚子年闰四月初一"
        );
        assert_eq!(Date::parse("2024-02-10").unwrap().weekday(), "星期六");
    }

    #[test]
    fn bad_dates_are_rejected_without_panic() {
        assert!(Date::parse("2022-02-30").is_err());
        assert!(Date::parse("2022-13-01").is_err());
        assert!(Date::parse("16/08/2022").is_err());
        assert!(Date::parse("1800-01-01").is_err());
    }

    #[test]
    fn epoch_days_and_numerals() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2022-08-16").unwrap().days_since_epoch(),
            19_220
        );
        assert_eq!(chinese_number(2), "二");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(20), "二十");
    }
}
