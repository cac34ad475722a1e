/**
 * libsse for Java: the public API is org.libsse. The SWIG-generated JNI layer in
 * org.libsse.internal is not exported, so module users cannot reach it.
 */
module org.libsse {
  exports org.libsse;
}
