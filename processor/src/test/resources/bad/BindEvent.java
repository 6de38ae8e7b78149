package com.example;

/** A user's own type, in the way of the generated one. */
public record BindEvent(int fd) {}
