//! Backing the doc tables' long arrays with transparent huge pages.
//!
//! A walk reads a doc table at random, over tens of megabytes: with 4 KiB
//! pages most of those reads also miss the TLB. The allocator is built
//! without asking for huge pages (mimalloc's `no_thp`): on this kind of
//! virtual machine, every fresh 2 MiB page a process faults in after the
//! machine was idle for a few seconds costs milliseconds, and with every
//! allocation on huge pages the server took 3.1–3.5 s to start after such
//! a spell instead of 0.7–1.1 s. So only the arrays that are read at
//! random are moved onto huge pages, once each, when their table is read.

/// The size of a transparent huge page on x86-64 and aarch64 Linux.
const HUGE_PAGE: usize = 2 << 20;

/// The whole huge pages inside `slice`: the range from the first 2 MiB
/// boundary at or after its start to the last one at or before its end,
/// as (start address, length); `None` when it spans no whole huge page.
fn whole_huge_pages<T>(slice: &[T]) -> Option<(usize, usize)> {
    let start = slice.as_ptr() as usize;
    let end = start.checked_add(std::mem::size_of_val(slice))?;
    let first = start.checked_next_multiple_of(HUGE_PAGE)?;
    let last = end / HUGE_PAGE * HUGE_PAGE;
    (last > first).then(|| (first, last - first))
}

/// Asks the kernel to move the whole huge pages inside `slice` onto
/// transparent huge pages now (`MADV_COLLAPSE`, Linux 6.1 and later). The
/// contents are unchanged; where the kernel cannot (an older kernel, huge
/// pages turned off for the process, no free huge page) nothing happens.
pub(super) fn collapse<T>(slice: &[T]) {
    let Some((start, len)) = whole_huge_pages(slice) else {
        return;
    };
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: the range lies inside `slice`'s own allocation, which stays
    // borrowed for the call. MADV_COLLAPSE copies the pages' contents into
    // huge pages and changes no byte of them; it fails without effect.
    unsafe {
        libc::madvise(start as *mut libc::c_void, len, libc::MADV_COLLAPSE);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = (start, len);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_covers_only_whole_huge_pages_inside_the_slice() {
        let v = vec![0u8; 5 * HUGE_PAGE];
        let (start, len) = whole_huge_pages(&v).expect("five huge pages span at least four");
        let begin = v.as_ptr() as usize;
        assert_eq!(start % HUGE_PAGE, 0);
        assert_eq!(len % HUGE_PAGE, 0);
        assert!(start >= begin && start + len <= begin + v.len());
        assert!(len >= 4 * HUGE_PAGE);
        assert!(whole_huge_pages(&v[..HUGE_PAGE / 2]).is_none());
        assert!(whole_huge_pages::<u64>(&[]).is_none());
    }

    #[test]
    fn collapsing_keeps_the_contents() {
        let v: Vec<u64> = (0..(3 * HUGE_PAGE / 8) as u64).map(|i| i * 7 + 1).collect();
        collapse(&v);
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64 * 7 + 1));
    }
}
