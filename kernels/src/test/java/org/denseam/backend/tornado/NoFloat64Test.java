package org.denseam.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No kernel computes in float64, so that devices without fp64 (many Intel and Apple GPUs) run
 * every one: the bytecode of every kernel (the {@code void} static methods of the kernel classes)
 * and of every project method it calls, transitively, has no double-typed instruction, no double
 * constant, and no call of a method taking or returning a double. (The host prepares float64
 * values such as SORF's row factors itself and hands the device floats.)
 */
class NoFloat64Test {
  static final List<Class<?>> KERNELS = List.of(DrDamKernels.class, ProjectionKernels.class,
      SorfKernels.class, LseKernels.class, DescentKernels.class, SparseKernels.class);

  final Map<String, ClassModel> classes = new HashMap<>();

  ClassModel model(String internalName) {
    return classes.computeIfAbsent(internalName, n -> {
      try (InputStream in = ClassLoader.getSystemResourceAsStream(n + ".class")) {
        return ClassFile.of().parse(in.readAllBytes());
      } catch (IOException | NullPointerException e) {
        throw new AssertionError("cannot read class " + n, e);
      }
    });
  }

  /** What in one method's code computes in float64, as messages; its project callees, queued. */
  static List<String> doubles(String where, CodeModel code, Deque<String[]> callees) {
    List<String> found = new ArrayList<>();
    for (var element : code) {
      if (!(element instanceof Instruction ins)) {
        continue;
      }
      String op = ins.opcode().name();
      boolean doubleOp = (op.startsWith("D") && !op.startsWith("DUP")) || op.endsWith("2D");
      if (ins instanceof ConstantInstruction c && c.typeKind() == TypeKind.DOUBLE) {
        doubleOp = true;
      }
      if (doubleOp) {
        found.add(where + ": " + op);
      }
      if (ins instanceof InvokeInstruction call) {
        String owner = call.owner().asInternalName();
        String desc = call.typeSymbol().descriptorString();
        if (desc.replaceAll("L[^;]*;", "").contains("D")) {
          found.add(where + ": calls " + owner + "." + call.name().stringValue() + desc);
        }
        if (owner.startsWith("org/denseam/")) {
          callees.add(new String[] {owner, call.name().stringValue(), call.type().stringValue()});
        }
      }
    }
    return found;
  }

  @Test
  void kernelsAndWhatTheyCallHaveNoFloat64() {
    Deque<String[]> work = new ArrayDeque<>();
    int kernels = 0;
    for (Class<?> k : KERNELS) {
      String name = k.getName().replace('.', '/');
      for (MethodModel m : model(name).methods()) {
        boolean isStatic = m.flags().has(java.lang.reflect.AccessFlag.STATIC);
        boolean isPublic = m.flags().has(java.lang.reflect.AccessFlag.PUBLIC);
        if (isStatic && isPublic && m.methodType().stringValue().endsWith(")V")) {
          work.add(new String[] {name, m.methodName().stringValue(), m.methodType().stringValue()});
          kernels++;
        }
      }
    }
    assertTrue(kernels >= 25, "kernels found: " + kernels);
    Set<String> seen = new HashSet<>();
    List<String> found = new ArrayList<>();
    while (!work.isEmpty()) {
      String[] m = work.poll();
      String key = m[0] + "." + m[1] + m[2];
      if (!seen.add(key)) {
        continue;
      }
      for (MethodModel mm : model(m[0]).methods()) {
        if (mm.methodName().stringValue().equals(m[1])
            && mm.methodType().stringValue().equals(m[2])) {
          mm.code().ifPresent(code -> found.addAll(doubles(key, code, work)));
        }
      }
    }
    assertEquals(List.of(), found, "float64 in kernel code");
  }

  @Test
  void theCheckSeesFloat64() {
    // The check itself finds float64 where there is some: Sorf.rowFactor computes in float64.
    Deque<String[]> work = new ArrayDeque<>();
    String sorf = "org/denseam/features/Sorf";
    List<String> found = new ArrayList<>();
    for (MethodModel m : model(sorf).methods()) {
      if (m.methodName().stringValue().equals("rowFactor")) {
        found.addAll(doubles("rowFactor", m.code().orElseThrow(), work));
      }
    }
    assertTrue(!found.isEmpty(), "rowFactor has float64 and the check must see it");
  }
}
