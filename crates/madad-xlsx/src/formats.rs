//! Which workbook containers one build of the reader opens.
//!
//! The browser loads the reader as two wasm modules: XLSX and ODS (ZIP containers) in one, legacy
//! XLS (OLE2 compound files, BIFF) in another that is fetched only when such a file is met.
//! calamine's XLS reader drags in `encoding_rs`'s decoders for every Windows code page (about
//! 150 KB gzip of CJK tables) that XLSX and ODS never use. A [`Formats`] value holds the
//! pre-scan and reader functions of its containers as function pointers, so a module that only
//! names [`Formats::ZIP`] never references the XLS code and the linker drops it (a feature
//! flag would not do: cargo unifies features across the crates of one build).

use madad_core::Error;

use crate::info::{SheetSummary, WorkbookFormat, WorkbookInfo};
use crate::limits::WorkbookLimits;
use crate::prescan::{Container, container, zip_prescan};
use crate::read::{ReadFn, ReadOptions, RowSink, read_ole, read_sheet_with, read_zip};

type PrescanFn = fn(&[u8], &str, &WorkbookLimits) -> Result<WorkbookInfo, Error>;

/// The pre-scan and the reader of one container.
#[derive(Clone, Copy)]
struct Readers {
    prescan: PrescanFn,
    read: ReadFn,
}

/// The workbook containers a reader opens (see the module docs for why this is not a cargo
/// feature). The crate's free functions ([`crate::prescan()`], [`crate::read_workbook`],
/// [`crate::read_sheet`], [`crate::ingest_workbook`]) use [`Formats::ALL`].
#[derive(Clone, Copy)]
pub struct Formats {
    zip: Option<Readers>,
    ole: Option<Readers>,
}

impl std::fmt::Debug for Formats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formats")
            .field("zip", &self.zip.is_some())
            .field("ole", &self.ole.is_some())
            .finish()
    }
}

const ZIP: Readers = Readers {
    prescan: zip_prescan,
    read: read_zip,
};
const OLE: Readers = Readers {
    prescan: crate::xls::prescan_ole,
    read: read_ole,
};

impl Formats {
    /// XLSX, ODS and XLS (the native CLI and the tests).
    pub const ALL: Formats = Formats {
        zip: Some(ZIP),
        ole: Some(OLE),
    };
    /// XLSX and ODS: ZIP containers (the `madad_xlsx` wasm module).
    pub const ZIP: Formats = Formats {
        zip: Some(ZIP),
        ole: None,
    };
    /// XLS, and the recognition of an encrypted OOXML workbook: OLE2 containers (the
    /// `madad_xls` wasm module).
    pub const OLE: Formats = Formats {
        zip: None,
        ole: Some(OLE),
    };

    fn readers(self, container: Container) -> Option<Readers> {
        match container {
            Container::Zip => self.zip,
            Container::Ole => self.ole,
        }
    }

    /// [`crate::prescan()`] for these containers. A workbook in a container left out is
    /// `format.unsupported` with `format` `zip` or `ole` (a host routes by the first bytes, so
    /// this is a caller's mistake, not a user's file).
    pub fn prescan(
        self,
        bytes: &[u8],
        file: &str,
        limits: &WorkbookLimits,
    ) -> Result<WorkbookInfo, Error> {
        let kind = container(bytes, file, limits)?;
        let readers = self.readers(kind).ok_or_else(|| {
            Error::in_file("format.unsupported", file).with("format", kind.name())
        })?;
        (readers.prescan)(bytes, file, limits)
    }

    /// [`crate::read_sheet`] for these containers (`info` from [`Formats::prescan`]).
    pub fn read_sheet(
        self,
        bytes: &[u8],
        file: &str,
        info: &WorkbookInfo,
        options: &ReadOptions,
        sink: &mut RowSink<'_>,
    ) -> Result<SheetSummary, Error> {
        let kind = match info.format {
            WorkbookFormat::Xlsx | WorkbookFormat::Ods => Container::Zip,
            WorkbookFormat::Xls => Container::Ole,
        };
        let readers = self.readers(kind).ok_or_else(|| {
            Error::in_file("format.unsupported", file).with("format", kind.name())
        })?;
        read_sheet_with(readers.read, bytes, file, info, options, sink)
    }

    /// [`crate::read_workbook`] for these containers: pre-scan, then stream the chosen sheet.
    pub fn read_workbook(
        self,
        bytes: &[u8],
        file: &str,
        options: &ReadOptions,
        sink: &mut RowSink<'_>,
    ) -> Result<(WorkbookInfo, SheetSummary), Error> {
        let info = self.prescan(bytes, file, &options.limits)?;
        let summary = self.read_sheet(bytes, file, &info, options, sink)?;
        Ok((info, summary))
    }
}
