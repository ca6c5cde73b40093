//! A minimal, bounded reader of OLE2 Compound File Binary containers ([MS-CFB]): enough to list
//! the streams (to tell an XLS workbook from an encrypted XLSX) and to read one stream (the XLS
//! `Workbook` stream, for the pre-scan). Every chain walk is bounded by the number of sectors in
//! the file, so a cyclic or lying FAT ends in an error, never a loop or a large allocation.

/// The OLE2 signature.
pub const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE_SECT: u32 = 0xFFFF_FFFF;
const HEADER_DIFAT: usize = 109;

/// One directory entry.
#[derive(Debug, Clone)]
pub struct DirEntry {
    /// The entry name (decoded from UTF-16).
    pub name: String,
    /// 1 storage, 2 stream, 5 root.
    pub kind: u8,
    start: u32,
    size: u64,
}

/// A parsed container: the FAT, the mini FAT, the directory and the mini stream.
#[derive(Debug)]
pub struct Cfb<'a> {
    data: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_cutoff: u64,
    mini_stream: Vec<u8>,
    /// Every directory entry, in directory order.
    pub entries: Vec<DirEntry>,
}

fn u16_at(d: &[u8], at: usize) -> Result<u16, String> {
    d.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or_else(|| "cfb: short read".to_owned())
}

fn u32_at(d: &[u8], at: usize) -> Result<u32, String> {
    d.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| "cfb: short read".to_owned())
}

impl<'a> Cfb<'a> {
    /// Parses the header, the FAT (through the DIFAT), the directory, the mini FAT and the mini
    /// stream.
    pub fn parse(data: &'a [u8]) -> Result<Self, String> {
        if data.len() < 512 || data[..8] != MAGIC {
            return Err("cfb: not an OLE2 container".to_owned());
        }
        let shift = u16_at(data, 0x1E)?;
        if shift != 9 && shift != 12 {
            return Err("cfb: bad sector size".to_owned());
        }
        let sector_size = 1usize << shift;
        let sectors_in_file = (data.len() / sector_size) as u64;
        let mut cfb = Cfb {
            data,
            sector_size,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini_cutoff: u64::from(u32_at(data, 0x38)?),
            mini_stream: Vec::new(),
            entries: Vec::new(),
        };

        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        let mut fat_sectors: Vec<u32> = Vec::new();
        for i in 0..HEADER_DIFAT {
            let s = u32_at(data, 0x4C + 4 * i)?;
            if s < 0xFFFF_FFFA {
                fat_sectors.push(s);
            }
        }
        let mut difat = u32_at(data, 0x44)?;
        let per_sector = sector_size / 4;
        let mut guard = 0u64;
        while difat < 0xFFFF_FFFA {
            guard += 1;
            if guard > sectors_in_file {
                return Err("cfb: DIFAT chain too long".to_owned());
            }
            let sector = cfb.sector(difat)?;
            for i in 0..per_sector - 1 {
                let s = u32_at(sector, 4 * i)?;
                if s < 0xFFFF_FFFA {
                    fat_sectors.push(s);
                }
            }
            difat = u32_at(sector, 4 * (per_sector - 1))?;
        }
        if fat_sectors.len() as u64 > sectors_in_file {
            return Err("cfb: more FAT sectors than the file has".to_owned());
        }
        let mut fat = Vec::with_capacity(fat_sectors.len() * per_sector);
        for &s in &fat_sectors {
            let sector = cfb.sector(s)?;
            for i in 0..per_sector {
                fat.push(u32_at(sector, 4 * i)?);
            }
        }
        cfb.fat = fat;

        // Directory.
        let dir = cfb.read_chain(u32_at(data, 0x30)?, None)?;
        for chunk in dir.chunks_exact(128) {
            let name_len = usize::from(u16_at(chunk, 0x40)?).min(64);
            let units: Vec<u16> = chunk[..name_len]
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .take_while(|&u| u != 0)
                .collect();
            let size = if shift == 9 {
                u64::from(u32_at(chunk, 0x78)?)
            } else {
                u64::from(u32_at(chunk, 0x78)?) | (u64::from(u32_at(chunk, 0x7C)?) << 32)
            };
            cfb.entries.push(DirEntry {
                name: String::from_utf16_lossy(&units),
                kind: chunk[0x42],
                start: u32_at(chunk, 0x74)?,
                size,
            });
        }

        // Mini FAT and mini stream (the root entry's stream).
        let mini_fat_start = u32_at(data, 0x3C)?;
        if mini_fat_start < 0xFFFF_FFFA {
            let raw = cfb.read_chain(mini_fat_start, None)?;
            cfb.mini_fat = raw
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
        }
        if let Some(root) = cfb.entries.first().filter(|e| e.kind == 5).cloned()
            && root.start < 0xFFFF_FFFA
        {
            cfb.mini_stream = cfb.read_chain(root.start, Some(root.size))?;
        }
        Ok(cfb)
    }

    fn sector(&self, n: u32) -> Result<&'a [u8], String> {
        let start = (n as usize + 1)
            .checked_mul(self.sector_size)
            .ok_or_else(|| "cfb: sector out of range".to_owned())?;
        self.data
            .get(start..start + self.sector_size)
            .ok_or_else(|| "cfb: sector beyond the end of the file (truncated?)".to_owned())
    }

    fn read_chain(&self, start: u32, size: Option<u64>) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut s = start;
        let mut guard = 0usize;
        while s != END_OF_CHAIN && s != FREE_SECT {
            guard += 1;
            if guard > self.fat.len().max(1) {
                return Err("cfb: FAT chain loops".to_owned());
            }
            out.extend_from_slice(self.sector(s)?);
            if let Some(size) = size
                && out.len() as u64 >= size
            {
                break;
            }
            s = *self
                .fat
                .get(s as usize)
                .ok_or_else(|| "cfb: FAT entry out of range".to_owned())?;
        }
        if let Some(size) = size {
            if (out.len() as u64) < size {
                return Err("cfb: stream shorter than its size".to_owned());
            }
            out.truncate(size as usize);
        }
        Ok(out)
    }

    fn read_mini_chain(&self, start: u32, size: u64) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut s = start;
        let mut guard = 0usize;
        while s != END_OF_CHAIN && s != FREE_SECT && (out.len() as u64) < size {
            guard += 1;
            if guard > self.mini_fat.len().max(1) {
                return Err("cfb: mini FAT chain loops".to_owned());
            }
            let at = s as usize * 64;
            out.extend_from_slice(
                self.mini_stream
                    .get(at..at + 64)
                    .ok_or_else(|| "cfb: mini sector out of range".to_owned())?,
            );
            s = *self
                .mini_fat
                .get(s as usize)
                .ok_or_else(|| "cfb: mini FAT entry out of range".to_owned())?;
        }
        if (out.len() as u64) < size {
            return Err("cfb: stream shorter than its size".to_owned());
        }
        out.truncate(size as usize);
        Ok(out)
    }

    /// Whether a stream or storage of this name exists (case-insensitive, as in Excel).
    pub fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.kind != 0 && e.name.eq_ignore_ascii_case(name))
    }

    /// Reads a stream by name (case-insensitive). The stream's declared size is checked against
    /// the file's size before anything is allocated.
    pub fn read_stream(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(e) = self
            .entries
            .iter()
            .find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        if e.size > self.data.len() as u64 {
            return Err("cfb: stream larger than the file".to_owned());
        }
        if e.size < self.mini_cutoff {
            self.read_mini_chain(e.start, e.size).map(Some)
        } else {
            self.read_chain(e.start, Some(e.size)).map(Some)
        }
    }
}
