"""Redactions name their legal basis

The archive package records why each withheld text is withheld (Noark's skjermingshjemmel). The
secretariat chooses it with the withholding; those made before keep the basis the archive gave
them until now (personal matters).

Revision ID: f2b8d4a6c1e9
Revises: a3f5c8e1d2b7
Create Date: 2026-12-07 13:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b8d4a6c1e9'
down_revision = 'a3f5c8e1d2b7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('redactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis', sa.String(length=20), server_default='personal', nullable=False))


def downgrade():
    with op.batch_alter_table('redactions', schema=None) as batch_op:
        batch_op.drop_column('basis')
