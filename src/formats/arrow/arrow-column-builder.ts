/**
 * Builds column values directly in Arrow's memory layout (validity, offsets, UTF-8
 * text, fixed-width values), without apache-arrow: conversion threads encode their
 * sessions' steps this way and send the buffers to the main thread, which only
 * concatenates them into record batches (arrow-record-batch.ts) and hands those to the
 * IPC writer. apache-arrow's own builders were the bottleneck of every Arrow run.
 *
 * Each builder also keeps an estimate of the bytes its values take in a batch, which
 * drives batch and shard boundaries. The estimate depends only on the values appended
 * (not on how they were grouped into chunks), so boundaries are the same whichever
 * thread encoded a session.
 */
import type { ColumnType } from './arrow-columns.js';
import type { ColumnBuilder, ColumnBuilderOptions } from './arrow-column-chunk.js';
import { BoolBuilder, Float64Builder, Int64Builder, JsonBuilder, StringBuilder } from './arrow-leaf-builders.js';
import { ListBuilder, StructBuilder } from './arrow-nested-builders.js';

export function createColumnBuilder(type: ColumnType, path: string, options: ColumnBuilderOptions = {}): ColumnBuilder {
  const copy = options.reuseMemory !== true;
  switch (type.kind) {
    case 'string':
      return new StringBuilder(path, copy);
    case 'json':
      return new JsonBuilder(path, copy);
    case 'bool':
      return new BoolBuilder(path, copy);
    case 'int64':
      return new Int64Builder(path, copy);
    case 'float64':
      return new Float64Builder(path, copy);
    case 'list':
      return new ListBuilder(path, copy, createColumnBuilder(type.item, `${path}[]`, options));
    case 'struct':
      return new StructBuilder(
        path,
        copy,
        type.fields.map((field) => field.name),
        type.fields.map((field) => createColumnBuilder(field.type, path === '' ? field.name : `${path}.${field.name}`, options)),
      );
  }
}
