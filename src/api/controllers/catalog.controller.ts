import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogService, MaterialListing } from '../services/catalog.service';

@ApiTags('catalog')
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('materials')
  @ApiOperation({ summary: 'Material, cell and kinetics cards with citations, source and status (measured | fitted | assumed | unverified)' })
  materials(): MaterialListing[] {
    return this.catalog.listMaterials();
  }

  @Get('materials/:id')
  @ApiOperation({ summary: 'One card, whole' })
  material(@Param('id') id: string): unknown {
    const card = this.catalog.material(id);
    if (!card) throw new NotFoundException(`no material card with id '${id}'`);
    return card;
  }

  @Get('standards')
  @ApiOperation({ summary: 'Standard test profiles; every number carries its status (verified | secondary | recalled | assumed)' })
  standards(): unknown[] {
    return this.catalog.listStandards();
  }
}
