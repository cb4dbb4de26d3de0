"""What an operating-system error means, in both languages: the system's English stays out of Chinese text."""

from __future__ import annotations

import errno

from cityeval_desktop.domain.text import Text

_REASONS: dict[int, Text] = {
    errno.ENOSPC: Text("磁盘已满", "the disk is full"),
    errno.EDQUOT: Text("磁盘配额已用完", "the disk quota is used up"),
    errno.EACCES: Text("没有访问权限", "permission denied"),
    errno.EPERM: Text("操作不被允许", "operation not permitted"),
    errno.EROFS: Text("所在磁盘为只读", "the disk is read-only"),
    errno.ENOENT: Text("文件或文件夹不存在", "no such file or folder"),
    errno.ENOTDIR: Text("路径中有一部分不是文件夹", "a part of the path is not a folder"),
    errno.EISDIR: Text("这是一个文件夹", "this is a folder"),
    errno.EEXIST: Text("文件已存在", "the file exists"),
    errno.ENAMETOOLONG: Text("文件名过长", "the file name is too long"),
    errno.ELOOP: Text("符号链接层数过多", "too many levels of symbolic links"),
    errno.EFBIG: Text("文件过大", "the file is too large"),
    errno.EMFILE: Text("打开的文件过多", "too many open files"),
    errno.ENFILE: Text("系统打开的文件过多", "too many open files in the system"),
    errno.EIO: Text("读写磁盘时出错（输入输出错误）", "disk input/output error"),
    errno.EBUSY: Text("文件正被占用", "the file is busy"),
    errno.ETXTBSY: Text("文件正被占用", "the file is busy"),
    errno.EXDEV: Text("不能跨磁盘移动文件", "the file cannot be moved across disks"),
    errno.ENXIO: Text("设备不存在或未就绪", "no such device"),
    errno.ENODEV: Text("设备不存在", "no such device"),
    errno.EAGAIN: Text("资源暂时不可用，请稍后重试", "the resource is temporarily unavailable; try again"),
    errno.EINVAL: Text(
        "无效的参数（文件系统不支持此操作）", "invalid argument (the file system does not support this)"
    ),
    errno.ENOMEM: Text("内存不足", "out of memory"),
}


def os_reason(exc: BaseException) -> Text:
    """The reason of an ``OSError`` by its ``errno``; the system's own text only in the English, in brackets."""
    code = getattr(exc, "errno", None)
    known = _REASONS.get(code) if isinstance(code, int) else None
    detail = getattr(exc, "strerror", None) or type(exc).__name__
    if known is not None:  # the system's own words kept in the English, for a support request
        return Text(known.zh, f"{known.en} ({detail})" if getattr(exc, "strerror", None) else known.en)
    if isinstance(code, int):
        return Text(f"系统错误（错误码 {code}）", f"system error {code}: {detail}")
    return Text("系统错误", f"system error: {detail}")
