package io.ebpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.processor.format.FormatField;
import io.ebpf4j.processor.format.FormatParser;
import io.ebpf4j.processor.format.MalformedFormatException;
import io.ebpf4j.processor.format.TracepointFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatParserTest {

  static final String BIND =
      """
      name: sys_enter_bind
      ID: 2238
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
      \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
      \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
      \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

      \tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;
      \tfield:int fd;\toffset:16;\tsize:8;\tsigned:0;
      \tfield:struct sockaddr * umyaddr;\toffset:24;\tsize:8;\tsigned:0;
      \tfield:int addrlen;\toffset:32;\tsize:8;\tsigned:0;

      print fmt: "fd: 0x%08lx, umyaddr: 0x%08lx, addrlen: 0x%08lx", ((unsigned long)(REC->fd))
      """;

  private static TracepointFormat parse(String event, String text)
      throws MalformedFormatException {
    return FormatParser.parse("syscalls", event, "dir/" + event + "/format", text);
  }

  @Test
  void parsesSyscallFormat() throws Exception {
    TracepointFormat format = parse("sys_enter_bind", BIND);
    assertEquals(8, format.fields().size());
    List<FormatField> arguments = format.syscallArguments();
    assertEquals(List.of("fd", "umyaddr", "addrlen"), arguments.stream().map(FormatField::name).toList());
    FormatField umyaddr = arguments.get(1);
    assertEquals("struct sockaddr *", umyaddr.type());
    assertEquals("struct sockaddr * umyaddr", umyaddr.declaration());
    assertEquals(24, umyaddr.offset());
    assertEquals(8, umyaddr.size());
    assertFalse(umyaddr.signed());
    assertFalse(umyaddr.isArray());
    assertEquals(11, umyaddr.line());
    assertEquals(40, format.recordEnd());
  }

  @Test
  void skipsCommonFieldsByNameNotOffset() throws Exception {
    String moved =
        BIND.replace("__syscall_nr;\toffset:8", "__syscall_nr;\toffset:40")
            .replace("common_pid;\toffset:4", "common_pid;\toffset:44");
    assertEquals(
        List.of("fd", "umyaddr", "addrlen"),
        parse("sys_enter_bind", moved).syscallArguments().stream().map(FormatField::name).toList());
  }

  @Test
  void parsesArraysDataLocAndMultiLinePrintFormat() throws Exception {
    String text =
        """
        name: sched_thing
        ID: 1
        format:
        \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;

        \tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;
        \tfield:__data_loc char[] name;\toffset:24;\tsize:4;\tsigned:0;
        \tfield:const char * filename;\toffset:32;\tsize:8;\tsigned:0;
        \tfield:unsigned long caller[];\toffset:40;\tsize:0;\tsigned:0;

        print fmt: "%s
        %s", REC->comm,
        __get_str(name)
        """;
    TracepointFormat format = FormatParser.parse("sched", "sched_thing", "f", text);
    FormatField comm = format.fields().get(1);
    assertEquals("char", comm.type());
    assertEquals(16, comm.arrayLength());
    FormatField name = format.fields().get(2);
    assertEquals("__data_loc char[]", name.type());
    assertEquals("name", name.name());
    assertFalse(name.isArray());
    assertEquals("const char *", format.fields().get(3).type());
    assertEquals(0, format.fields().get(4).arrayLength());
    assertTrue(format.fields().get(4).isArray());
  }

  private static String failure(String event, String text) {
    return assertThrows(MalformedFormatException.class, () -> parse(event, text)).getMessage();
  }

  @Test
  void rejectsBadFieldLineWithFileAndLine() {
    String text = BIND.replace("\tfield:int fd;\toffset:16;", "\tfield:int fd;\toffset:x16;");
    assertEquals(
        "dir/sys_enter_bind/format:10: expected " + FormatParser.FIELD_SYNTAX,
        failure("sys_enter_bind", text));
  }

  @Test
  void rejectsMissingSemicolonSizeAndSignedFlag() {
    assertTrue(
        failure("sys_enter_bind", BIND.replace("size:8;\tsigned:0;\n\tfield:struct", "size:8;\tsigned:2;\n\tfield:struct"))
            .startsWith("dir/sys_enter_bind/format:10: expected \"field:"));
    assertTrue(
        failure("sys_enter_bind", BIND.replace("\tfield:int addrlen;\toffset:32;\tsize:8;", "\tfield:int addrlen;\toffset:32;size:8;"))
            .startsWith("dir/sys_enter_bind/format:12: expected \"field:"));
  }

  @Test
  void rejectsDeclarationWithoutType() {
    assertTrue(
        failure("sys_enter_bind", BIND.replace("field:int fd;", "field:fd;"))
            .startsWith("dir/sys_enter_bind/format:10: expected a C declaration"));
  }

  @Test
  void rejectsStrayLines() {
    assertTrue(
        failure("sys_enter_bind", BIND.replace("\n\n\tfield:int __syscall_nr", "\nwhat\n\tfield:int __syscall_nr"))
            .startsWith("dir/sys_enter_bind/format:8: expected \"field:"));
  }

  @Test
  void rejectsWrongHeader() {
    assertEquals(
        "dir/sys_enter_connect/format:1: expected \"name: sys_enter_connect\"",
        failure("sys_enter_connect", BIND));
    assertEquals(
        "dir/sys_enter_bind/format:2: expected \"ID: <n>\"",
        failure("sys_enter_bind", BIND.replace("ID: 2238", "ID 2238")));
    assertEquals(
        "dir/sys_enter_bind/format:3: expected \"format:\"",
        failure("sys_enter_bind", BIND.replace("format:\n", "formats:\n")));
    assertEquals("dir/sys_enter_bind/format:1: expected \"name: sys_enter_bind\"", failure("sys_enter_bind", ""));
  }

  @Test
  void rejectsMissingPrintFormatAndDuplicates() {
    String truncated = BIND.substring(0, BIND.indexOf("print fmt"));
    assertEquals(
        "dir/sys_enter_bind/format:14: expected \"print fmt: <text>\"",
        failure("sys_enter_bind", truncated));
    assertEquals(
        "dir/sys_enter_bind/format:11: duplicate field fd",
        failure("sys_enter_bind", BIND.replace("struct sockaddr * umyaddr", "long fd")));
  }
}
